import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createBoundedResolver } from './bounded-resolver.js';
import { buildRequest } from './build-request.js';
import { isClientCertificateRefusal } from './classify-failure.js';
import { effectivePort } from './effective-port.js';
import { exchangeHttp, type HttpOutcome } from './exchange-http.js';
import { exchangeHttp2 } from './exchange-http2.js';
import type { FixedAnswers } from './fixed-answers.js';
import { dialTls, handshakeTls } from './handshake-tls.js';
import type { HostResolver } from './host-resolver.js';
import { describeOffer, type HttpOffer, offersHttp1 } from './http-offer.js';
import type {
  ConnectObservation,
  ConnectTo,
  DeadAddress,
  DnsObservation,
  HttpObservation,
  PhaseFailure,
  ResolvedAddress,
  TlsObservation,
} from './observation.js';
import { DEFAULT_ATTEMPT_DELAY_MS, dialTcp, openConnection } from './open-connection.js';
import { limitPhase } from './phase-limit.js';
import type { ProbeOptions } from './probe-options.js';
import { resolveAddresses } from './resolve-addresses.js';
import { stripBrackets } from './strip-brackets.js';

/** What one request to one URL saw; a probe has one hop per redirect followed. */
export interface HopObservation {
  dns?: DnsObservation;
  connect?: ConnectObservation;
  tls?: TlsObservation;
  http?: HttpObservation;
  /** addresses tried that did not get through (see openConnection) */
  deadAddresses?: DeadAddress[];
  failure?: PhaseFailure;
}

export interface HopRequest {
  url: URL;
  method: string;
  /** extra request headers as given by the caller */
  headers: Record<string, string> | undefined;
  hostHeader: string | undefined;
  connectTo: ConnectTo | undefined;
  resolve: FixedAnswers | undefined;
  body?: string | undefined;
  /** SNI and certificate name when not the URL's hostname */
  serverName?: string | undefined;
  /** the HTTP versions offered in the TLS handshake (ALPN) */
  http: HttpOffer;
}

const USER_AGENT = 'frontdoor/0.1';

// For callers that give no resolver: one per process, made on first use (it reads /etc/hosts once).
let processResolver: HostResolver | undefined;

function defaultResolver(): HostResolver {
  processResolver ??= createBoundedResolver();
  return processResolver;
}

function buildHeaders(hostHeader: string, extra: Record<string, string> | undefined): Record<string, string> {
  // identity unless the caller asks otherwise: the probe does not decode bodies, and a body check must see
  // the text the site serves, not its gzip bytes.
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: '*/*',
    'accept-encoding': 'identity',
  };
  if (extra !== undefined) {
    for (const name of Object.keys(extra)) headers[name.toLowerCase()] = extra[name] as string;
  }
  // Host and connection are the probe's: one request per fresh connection, addressed like a visitor's.
  headers.host = hostHeader;
  headers.connection = 'close';
  return headers;
}

/**
 * With TLS 1.3 the client finishes its handshake before the server has judged it, so a server that insists
 * on a client certificate refuses it with an alert while the request is under way: a TLS fact, not an HTTP
 * one, whichever phase it surfaced in.
 */
function reclassifyTlsRefusal(failure: PhaseFailure, tls: TlsObservation | undefined): PhaseFailure {
  if (
    tls === undefined ||
    !isClientCertificateRefusal(failure.errorCode, tls.clientCertificateRequested === true)
  )
    return failure;
  return { ...failure, phase: 'tls', code: 'tls_client_certificate_required' };
}

// The alert a server sends when it speaks none of the protocols offered (RFC 7301 section 3.2).
const NO_APPLICATION_PROTOCOL = 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL';

/**
 * Offered HTTP/2 alone, a server that did not choose it cannot be spoken to (HTTP/2 over TLS needs ALPN's
 * agreement): whether it refused every protocol with an alert or finished the handshake choosing none,
 * that is h2_not_negotiated.
 */
function refuseWithoutH2(
  offer: HttpOffer,
  failure: PhaseFailure | undefined,
  tls: TlsObservation | undefined,
): PhaseFailure | undefined {
  if (offersHttp1(offer)) return failure;
  if (failure?.errorCode === NO_APPLICATION_PROTOCOL) {
    const detail = `the server refused every protocol offered (${describeOffer(offer)}): ${failure.detail}`;
    return { ...failure, code: 'h2_not_negotiated', detail };
  }
  if (failure !== undefined || tls === undefined || tls.alpn === 'h2') return failure;
  const chose = tls.alpn === undefined ? 'chose no protocol' : `chose ${tls.alpn}`;
  return {
    phase: 'tls',
    code: 'h2_not_negotiated',
    detail: `offered ${describeOffer(offer)} only, the server ${chose}: it does not speak HTTP/2 here`,
    durationMs: tls.durationMs,
  };
}

/**
 * TCP, then for https TLS on the same socket, whose handshake starts the moment TCP is up (one socket, not a
 * TLS socket wrapped around a connected one). Records what it saw in `result`; undefined on a failure, after
 * which no socket is left open.
 */
async function connectHop(
  hop: HopRequest,
  addresses: readonly ResolvedAddress[],
  options: ProbeOptions,
  deadline: number,
  result: HopObservation,
): Promise<Socket | undefined> {
  const { url } = hop;
  const { timeouts } = options;
  const port = hop.connectTo?.port ?? effectivePort(url);
  const connectLimit = limitPhase(timeouts.connectMs, deadline, performance.now(), 'connect_timeout');
  const attemptDelayMs = options.attemptDelayMs ?? DEFAULT_ATTEMPT_DELAY_MS;
  if (url.protocol !== 'https:') {
    const connected = await openConnection(addresses, port, connectLimit, dialTcp, attemptDelayMs);
    if (connected.dead !== undefined) result.deadAddresses = connected.dead;
    if (connected.failure !== undefined) result.failure = connected.failure;
    else result.connect = connected.connect;
    return connected.socket;
  }
  const hostname = hop.serverName ?? stripBrackets(url.hostname);
  const dialer = dialTls(hostname, options.tls, hop.http);
  const connected = await openConnection(addresses, port, connectLimit, dialer, attemptDelayMs);
  if (connected.dead !== undefined) result.deadAddresses = connected.dead;
  if (connected.failure !== undefined) {
    result.failure = connected.failure;
    return undefined;
  }
  result.connect = connected.connect;
  const { socket, connectedAt } = connected;
  const tlsLimit = limitPhase(timeouts.tlsMs, deadline, connectedAt, 'tls_timeout');
  const secured = await handshakeTls(
    socket,
    hostname,
    options.tls,
    tlsLimit,
    connectedAt,
    options.recordChain,
  );
  if (secured.tls !== undefined) result.tls = secured.tls;
  const failure = refuseWithoutH2(hop.http, secured.failure, secured.tls);
  if (failure === undefined) return socket;
  result.failure = failure;
  socket.destroy();
  return undefined;
}

/**
 * DNS, TCP, TLS (for https) and HTTP against one URL, each phase with its own timer inside `deadline`.
 * Stops at the first failure; the socket is destroyed whatever happens. Rejects only with FD_ERR_LOCAL_RESOURCE
 * (see openConnection) and, before anything is sent, FD_ERR_INVALID_REQUEST (see buildRequest).
 */
export async function probeHop(
  hop: HopRequest,
  options: ProbeOptions,
  deadline: number,
): Promise<HopObservation> {
  const { url } = hop;
  const { timeouts } = options;
  const result: HopObservation = {};
  const path = `${url.pathname}${url.search}`;
  const hostHeader = hop.hostHeader ?? url.host;
  // Written before any lookup: a request that cannot be sent must not cost the target a connection.
  const bodyBytes = hop.body === undefined ? undefined : Buffer.byteLength(hop.body, 'utf8');
  const headers = buildHeaders(hostHeader, hop.headers);
  const head = buildRequest(hop.method, path, headers, bodyBytes);

  const dnsLimit = limitPhase(timeouts.dnsMs, deadline, performance.now(), 'dns_timeout');
  const resolved = await resolveAddresses(
    { hostname: url.hostname, connectTo: hop.connectTo, resolve: hop.resolve },
    options.resolver ?? defaultResolver(),
    dnsLimit,
  );
  if (resolved.failure !== undefined) {
    result.failure = resolved.failure;
    return result;
  }
  result.dns = resolved.dns;

  const socket = await connectHop(hop, resolved.dns.addresses, options, deadline, result);
  if (socket === undefined) return result;
  const limits = { responseMs: timeouts.responseMs, bodyMs: timeouts.bodyMs, deadline };
  const { maxBodyBytes } = options;
  try {
    let exchanged: HttpOutcome;
    if (result.tls?.alpn === 'h2') {
      const exchange = { url, method: hop.method, path, hostHeader, headers, maxBodyBytes, body: hop.body };
      exchanged = await exchangeHttp2(socket as TLSSocket, exchange, limits);
    } else {
      const exchange = { method: hop.method, path, hostHeader, head, maxBodyBytes, body: hop.body };
      exchanged = await exchangeHttp(socket, exchange, limits);
    }
    if (exchanged.http !== undefined) result.http = exchanged.http;
    if (exchanged.failure !== undefined) result.failure = reclassifyTlsRefusal(exchanged.failure, result.tls);
    return result;
  } finally {
    socket.destroy();
  }
}
