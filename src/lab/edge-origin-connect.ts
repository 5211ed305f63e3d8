import { connect, type Socket } from 'node:net';
import { checkServerIdentity, type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { EdgeErrorCode } from './cloudflare-pages.js';

/**
 * Cloudflare's SSL/TLS encryption modes for the edge -> origin leg: flexible speaks plain HTTP to the origin,
 * full speaks HTTPS and accepts any certificate, full_strict requires a trusted, unexpired certificate for
 * the hostname (https://developers.cloudflare.com/ssl/origin-configuration/ssl-modes/).
 */
export type EdgeSslMode = 'flexible' | 'full' | 'full_strict';

export interface OriginTarget {
  host: string;
  port: number;
  sslMode: EdgeSslMode;
  /** SNI and the name the certificate must cover: the visitor's Host, as Cloudflare sends it */
  servername: string;
  /** CA certificates trusted in full_strict mode (the lab CA); Cloudflare trusts public CAs */
  ca?: string | Buffer;
  connectTimeoutMs: number;
}

export type OriginConnection =
  | { ok: true; socket: Socket | TLSSocket }
  | { ok: false; status: EdgeErrorCode; errorCode: string };

// Classified from errno codes only. A reset during the TCP handshake is a refusal for Cloudflare's purposes.
function classifyConnectError(code: string | undefined): EdgeErrorCode {
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
      return 521;
    case 'ETIMEDOUT':
      return 522;
    default:
      return 523;
  }
}

function openTcp(target: OriginTarget): Promise<OriginConnection> {
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, status: 522, errorCode: 'ETIMEDOUT' });
    }, target.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ ok: true, socket });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({
        ok: false,
        status: classifyConnectError(error.code),
        errorCode: error.code ?? 'ERR_CONNECT',
      });
    });
  });
}

function handshake(socket: Socket, target: OriginTarget): Promise<OriginConnection> {
  return new Promise((resolve) => {
    // Verification is done by hand after the handshake: a failed handshake is 525, a completed one with a
    // bad certificate is 526, and Node's built-in check would fold both into one handshake error.
    const tls = tlsConnect({
      socket,
      servername: target.servername,
      rejectUnauthorized: false,
      ...(target.ca === undefined ? {} : { ca: target.ca }),
    });
    const timer = setTimeout(() => {
      tls.destroy();
      resolve({ ok: false, status: 525, errorCode: 'ETIMEDOUT' });
    }, target.connectTimeoutMs);
    tls.once('secureConnect', () => {
      clearTimeout(timer);
      tls.removeAllListeners('error');
      if (target.sslMode === 'full_strict') {
        const identity = checkServerIdentity(target.servername, tls.getPeerCertificate());
        const problem = tls.authorizationError ?? identity;
        if (problem !== undefined) {
          tls.destroy();
          const code =
            typeof problem === 'string'
              ? problem
              : ((problem as NodeJS.ErrnoException).code ?? 'ERR_TLS_CERT');
          resolve({ ok: false, status: 526, errorCode: code });
          return;
        }
      }
      resolve({ ok: true, socket: tls });
    });
    tls.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      tls.destroy();
      resolve({ ok: false, status: 525, errorCode: error.code ?? 'ERR_TLS_HANDSHAKE' });
    });
  });
}

/** Opens the edge -> origin connection the way Cloudflare does, or says which 52x the visitor gets. */
export async function connectToOrigin(target: OriginTarget): Promise<OriginConnection> {
  const tcp = await openTcp(target);
  if (!tcp.ok || target.sslMode === 'flexible') return tcp;
  return handshake(tcp.socket, target);
}
