import type { Socket } from 'node:net';
import { createBoundedResolver } from './bounded-resolver.js';
import { buildRequest } from './build-request.js';
import { isClientCertificateRefusal } from './classify-failure.js';
import { effectivePort } from './effective-port.js';
import { exchangeHttp } from './exchange-http.js';
import type { FixedAnswers } from './fixed-answers.js';
import { dialTls, handshakeTls } from './handshake-tls.js';
import type { HostResolver } from './host-resolver.js';
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
  const dialer = dialTls(hostname, options.tls);
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
  if (secured.failure === undefined) return socket;
  result.failure = secured.failure;
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
  const head = buildRequest(hop.method, path, buildHeaders(hostHeader, hop.headers), bodyBytes);

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
  try {
    const exchanged = await exchangeHttp(
      socket,
      { method: hop.method, path, hostHeader, head, maxBodyBytes: options.maxBodyBytes, body: hop.body },
      { responseMs: timeouts.responseMs, bodyMs: timeouts.bodyMs, deadline },
    );
    if (exchanged.http !== undefined) result.http = exchanged.http;
    if (exchanged.failure !== undefined) result.failure = reclassifyTlsRefusal(exchanged.failure, result.tls);
    return result;
  } finally {
    socket.destroy();
  }
}
