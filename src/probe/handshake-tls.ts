import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import {
  classifyHandshakeError,
  classifyVerifyError,
  createFailure,
  readErrorCode,
} from './classify-failure.js';
import type { PhaseFailure, TlsObservation } from './observation.js';
import { describeTimeout, type PhaseLimit } from './phase-limit.js';
import { readCertificate } from './read-certificate.js';
import { keepSocketErrors } from './socket-errors.js';
import type { TlsSettings } from './tls-settings.js';

export type TlsOutcome =
  | { socket: TLSSocket; tls: TlsObservation; failure?: PhaseFailure }
  | { socket?: undefined; tls?: undefined; failure: PhaseFailure };

// ALPN in wire format, built once instead of per connection.
const ALPN_HTTP1 = Buffer.from([8, ...Buffer.from('http/1.1')]);

function authorizationCode(socket: TLSSocket): string {
  const reason = socket.authorizationError as unknown;
  if (typeof reason === 'string') return reason;
  return readErrorCode(reason) ?? 'UNKNOWN_VERIFY_ERROR';
}

/**
 * TLS handshake over an open TCP socket, the way a new visitor makes it: SNI from the URL's hostname (none
 * for IP literals), ALPN http/1.1, no session resumption, the shared SecureContext. Verification is done here
 * rather than by OpenSSL's reject, so the certificate is recorded even when it is wrong; a failed verification
 * is a failure unless `settings.insecure`. Never rejects.
 */
export function handshakeTls(
  socket: Socket,
  hostname: string,
  settings: TlsSettings,
  limit: PhaseLimit,
): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    const literal = isIP(hostname) !== 0;
    // Whenever the chain verifies, Node itself calls getPeerCertificate(true) (the whole chain, the costliest
    // step of a probe's CPU) to hand it to checkServerIdentity, whatever that callback does. Capturing that
    // certificate spares a second parse; the name is checked in 'secureConnect', where its message is kept.
    let offered: PeerCertificate | undefined;
    const secure = connect({
      socket,
      secureContext: settings.secureContext,
      ALPNProtocols: ALPN_HTTP1,
      rejectUnauthorized: false,
      checkServerIdentity: (_name: string, certificate: PeerCertificate): undefined => {
        offered = certificate;
      },
      ...(literal ? {} : { servername: hostname }),
    });
    let settled = false;

    const fail = (failure: PhaseFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.destroy();
      resolve({ failure });
    };
    const timer = setTimeout(() => {
      fail(createFailure('tls', limit.timeoutCode, undefined, describeTimeout(limit, 'tls'), limit.ms));
    }, limit.ms);

    const onError = (error: Error): void => {
      const code = readErrorCode(error);
      const detail = error.message.trim();
      const failure = createFailure(
        'tls',
        classifyHandshakeError(code),
        code,
        detail,
        performance.now() - started,
      );
      fail(failure);
    };
    const onClose = (): void => {
      const detail = 'connection closed during the TLS handshake';
      fail(createFailure('tls', 'tls_handshake_failed', undefined, detail, performance.now() - started));
    };

    secure.on('error', onError);
    secure.once('close', onClose);
    secure.once('secureConnect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.removeListener('error', onError);
      secure.removeListener('close', onClose);
      keepSocketErrors(secure);
      const durationMs = performance.now() - started;
      // Node skips checkServerIdentity when the chain did not verify: then the leaf alone is read here.
      const peer = offered ?? (secure.getPeerCertificate() as PeerCertificate | undefined);
      let verifyErrorCode = secure.authorized ? undefined : authorizationCode(secure);
      let verifyDetail = verifyErrorCode;
      if (verifyErrorCode === undefined && peer !== undefined) {
        const identityError = checkServerIdentity(hostname, peer);
        if (identityError !== undefined) {
          verifyErrorCode = readErrorCode(identityError) ?? 'ERR_TLS_CERT_ALTNAME_INVALID';
          verifyDetail = identityError.message;
        }
      }
      const tls: TlsObservation = {
        servername: hostname,
        authorized: verifyErrorCode === undefined,
        durationMs,
      };
      const protocol = secure.getProtocol();
      if (protocol !== null) tls.protocol = protocol;
      const cipher = secure.getCipher() as { name?: string } | undefined;
      if (cipher?.name !== undefined) tls.cipher = cipher.name;
      if (typeof secure.alpnProtocol === 'string') tls.alpn = secure.alpnProtocol;
      const certificate = readCertificate(peer);
      if (certificate !== undefined) tls.certificate = certificate;
      if (verifyErrorCode === undefined) {
        resolve({ socket: secure, tls });
        return;
      }
      const verifyFailure = classifyVerifyError(verifyErrorCode);
      tls.verifyFailure = verifyFailure;
      tls.verifyErrorCode = verifyErrorCode;
      if (settings.insecure) {
        resolve({ socket: secure, tls });
        return;
      }
      const detail = `certificate not accepted for ${hostname}: ${verifyDetail}`;
      resolve({
        socket: secure,
        tls,
        failure: createFailure('tls', verifyFailure, verifyErrorCode, detail, durationMs),
      });
    });
  });
}
