import { readFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request as originRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createRayId,
  type EdgeErrorCode,
  edgeHeaders,
  renderBlockPage,
  renderChallengePage,
  renderEdgeErrorPage,
  renderEdgePlainPage,
  renderFirewallPage,
} from './cloudflare-pages.js';
import { connectToOrigin, type EdgeSslMode } from './edge-origin-connect.js';
import { listenExclusive } from './listen-exclusive.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { trackConnections } from './track-connections.js';

export type { EdgeSslMode } from './edge-origin-connect.js';

/** What the edge does with requests for one hostname. */
export type EdgeRoute =
  | { kind: 'proxy'; host: string; port: number; sslMode: EdgeSslMode }
  /**
   * a security rule answers every request itself and the origin is never asked: the WAF block page
   * (default), the firewall's "Access denied | HOST used Cloudflare to restrict access" (1020), or a
   * managed challenge (403 with cf-mitigated: challenge)
   */
  | { kind: 'block'; page?: 'waf' | 'firewall' | 'challenge' }
  /** Cloudflare's own 502/504 (its edge failing, not the origin) */
  | { kind: 'edge_error'; status: 502 | 504 };

export interface EdgeEmulatorOptions {
  /** default: a fresh loopback address */
  address?: string;
  /** default: a free port on the address */
  port?: number;
  /** serve visitors over https with this certificate (it should cover every routed hostname) */
  tls?: { certPath: string; keyPath: string };
  /** hostname (lowercase, no port) -> route; hostnames not listed get 530 / error 1016 */
  routes: Record<string, EdgeRoute>;
  /** CA trusted for full_strict origins (the lab CA's caCertPath) */
  originCaPath?: string;
  /** IATA code in cf-ray; default "AMS" */
  colo?: string;
  /** Cloudflare waits 15 s for the TCP handshake (522) */
  connectTimeoutMs?: number;
  /** Cloudflare waits 100 s for the origin's response (524) */
  responseTimeoutMs?: number;
}

export interface EdgeEmulator {
  address: string;
  port: number;
  protocol: 'http' | 'https';
  setRoute(hostname: string, route: EdgeRoute | undefined): void;
  close(): Promise<void>;
}

// Connection-level headers are per hop (RFC 9110 7.6.1); the edge never forwards them either way.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function forwardedHeaders(
  headers: IncomingMessage['headers'],
  extra: Record<string, string>,
): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  }
  return { ...out, ...extra };
}

function hostnameOf(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

/**
 * A CDN edge that behaves as Cloudflare documents: proxies by Host to the configured origin, and answers
 * 521 (refused), 522 (connect timeout), 523 (unreachable), 524 (response timeout), 525 (TLS handshake
 * failed), 526 (invalid origin certificate in full_strict) and 520 (empty or invalid origin answer) with
 * Cloudflare's error pages. Every answer carries `server: cloudflare` and `cf-ray`.
 */
export async function startEdgeEmulator(options: EdgeEmulatorOptions): Promise<EdgeEmulator> {
  const address = options.address ?? allocateLoopbackAddress();
  const port = options.port ?? (await findFreePort(address));
  const colo = options.colo ?? 'AMS';
  const routes = new Map(Object.entries(options.routes).map(([name, route]) => [name.toLowerCase(), route]));
  const ca = options.originCaPath === undefined ? undefined : await readFile(options.originCaPath);
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  const responseTimeoutMs = options.responseTimeoutMs ?? 100_000;
  const protocol = options.tls === undefined ? 'http' : 'https';

  function sendEdgeError(res: ServerResponse, code: EdgeErrorCode, hostname: string, rayId: string): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(code, edgeHeaders(rayId));
    res.end(renderEdgeErrorPage(code, hostname, rayId, new Date()));
  }

  async function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    route: EdgeRoute & { kind: 'proxy' },
    rayId: string,
  ) {
    const hostname = hostnameOf(req);
    const connection = await connectToOrigin({
      host: route.host,
      port: route.port,
      sslMode: route.sslMode,
      servername: hostname,
      ...(ca === undefined ? {} : { ca }),
      connectTimeoutMs,
    });
    if (!connection.ok) {
      req.resume();
      sendEdgeError(res, connection.status, hostname, rayId);
      return;
    }
    const socket = connection.socket;
    const visitorIp = req.socket.remoteAddress ?? '';
    const upstream = originRequest({
      createConnection: () => socket,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: forwardedHeaders(req.headers, {
        'cf-ray': rayId,
        'cf-connecting-ip': visitorIp,
        'x-forwarded-for': visitorIp,
        'x-forwarded-proto': protocol,
        'cf-visitor': JSON.stringify({ scheme: protocol }),
      }),
    });
    const timer = setTimeout(() => {
      upstream.destroy();
      sendEdgeError(res, 524, hostname, rayId);
    }, responseTimeoutMs);
    upstream.once('response', (answer) => {
      clearTimeout(timer);
      // Cloudflare replaces the origin's Server header and adds its own headers to proxied answers.
      res.writeHead(
        answer.statusCode ?? 502,
        forwardedHeaders(answer.headers, {
          server: 'cloudflare',
          'cf-ray': rayId,
          'cf-cache-status': 'DYNAMIC',
        }),
      );
      answer.pipe(res);
      answer.once('error', () => res.destroy());
      res.once('close', () => socket.destroy());
    });
    // Reset, close or garbage before a complete head: the origin answered, but not with HTTP (520).
    upstream.once('error', () => {
      clearTimeout(timer);
      sendEdgeError(res, 520, hostname, rayId);
    });
    req.pipe(upstream);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const rayId = createRayId(colo);
    const hostname = hostnameOf(req);
    const route = routes.get(hostname);
    if (route === undefined) {
      req.resume();
      sendEdgeError(res, 530, hostname, rayId);
      return;
    }
    switch (route.kind) {
      case 'block':
        req.resume();
        if (route.page === 'challenge') {
          res.writeHead(403, { ...edgeHeaders(rayId), 'cf-mitigated': 'challenge' });
          res.end(renderChallengePage(hostname, rayId));
        } else {
          res.writeHead(403, edgeHeaders(rayId));
          res.end((route.page === 'firewall' ? renderFirewallPage : renderBlockPage)(hostname, rayId));
        }
        return;
      case 'edge_error':
        req.resume();
        res.writeHead(route.status, edgeHeaders(rayId, 'text/html'));
        res.end(renderEdgePlainPage(route.status));
        return;
      case 'proxy':
        proxy(req, res, route, rayId).catch(() => sendEdgeError(res, 520, hostname, rayId));
        return;
    }
  }

  const server: Server =
    options.tls === undefined
      ? createHttpServer(handle)
      : createHttpsServer(
          { cert: await readFile(options.tls.certPath), key: await readFile(options.tls.keyPath) },
          handle,
        );
  const close = trackConnections(server);
  await listenExclusive(server, address, port, 'edge emulator');

  return {
    address,
    port,
    protocol,
    setRoute(hostname, route) {
      if (route === undefined) routes.delete(hostname.toLowerCase());
      else routes.set(hostname.toLowerCase(), route);
    },
    close,
  };
}
