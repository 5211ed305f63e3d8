import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import {
  type ConnectionOptions,
  connect,
  type DetailedPeerCertificate,
  type PeerCertificate,
  TLSSocket,
} from 'node:tls';
import {
  classifyHandshakeError,
  classifyVerifyError,
  createFailure,
  readErrorCode,
} from './classify-failure.js';
import { encodeAlpn, type HttpOffer } from './http-offer.js';
import type { PhaseFailure, TlsObservation } from './observation.js';
import type { DialSocket } from './open-connection.js';
import { describeTimeout, type PhaseLimit } from './phase-limit.js';
import { checkCertificateName, recallCertificate, recallChainLength } from './recall-certificate.js';
import { readSocketError } from './socket-errors.js';
import { type InboxReading, readIntoInbox } from './socket-inbox.js';
import type { TlsSettings } from './tls-settings.js';

export type TlsOutcome =
  | { tls: TlsObservation; failure?: PhaseFailure }
  | { tls?: undefined; failure: PhaseFailure };

// Whenever the chain verifies, Node converts the peer's certificate into a JS object, the detailed form with
// its issuer chain walked up through the trust store (~0.3 ms of a ~1.5 ms probe's CPU), only to pass it to
// checkServerIdentity. Probes check the name themselves in 'secureConnect', from the X509Certificate they
// read once, so a probe socket answers that one call with an empty certificate and the callback ignores it.
function skipCertificateObject(): PeerCertificate {
  return {} as PeerCertificate;
}

function ignoreOfferedCertificate(): undefined {
  return undefined;
}

function authorizationCode(socket: TLSSocket): string {
  const reason = socket.authorizationError as unknown;
  if (typeof reason === 'string') return reason;
  return readErrorCode(reason) ?? 'UNKNOWN_VERIFY_ERROR';
}

/**
 * How many certificates the server sent: the leaf, then each issuer found among the certificates it sent
 * with it (the trust store is not consulted). A leaf alone, not self-signed, is a server that leaves out its
 * intermediate, or one signed directly by a private CA. Bounded, and stops at a self-signed root.
 */
function countChain(leaf: X509Certificate): number {
  let count = 1;
  let current: X509Certificate | undefined = leaf;
  while (count < 10) {
    const issuer: X509Certificate | undefined = current.issuerCertificate;
    if (issuer === undefined || issuer.fingerprint256 === current.fingerprint256) break;
    count += 1;
    current = issuer;
  }
  return count;
}

/**
 * Dialer for openConnection making one TLS socket per attempt, the way a new visitor connects: SNI from the
 * URL's hostname (none for IP literals), ALPN offering `offer` (h2 and http/1.1 unless told otherwise), no
 * session resumption, the shared SecureContext, and the decrypted bytes going to the socket's inbox (see
 * socket-inbox.ts). Node sends the ClientHello as soon as TCP is up; {@link handshakeTls} then waits for the
 * handshake to end.
 */
export function dialTls(hostname: string, settings: TlsSettings, offer: HttpOffer): DialSocket<TLSSocket> {
  const servername = isIP(hostname) === 0 ? hostname : undefined;
  const alpn = encodeAlpn(offer);
  return (target, port) => {
    // An address literal needs no family: Node connects to it without a lookup. tls.connect documents
    // `onread`, though @types/node leaves it out of ConnectionOptions.
    const options: ConnectionOptions & { onread: InboxReading } = {
      host: target.address,
      port,
      secureContext: settings.secureContext,
      ALPNProtocols: alpn,
      rejectUnauthorized: false,
      checkServerIdentity: ignoreOfferedCertificate,
      onread: readIntoInbox(),
    };
    if (servername !== undefined) options.servername = servername;
    const secure = connect(options);
    Object.defineProperty(secure, 'getPeerCertificate', { value: skipCertificateObject });
    // Applied by libuv when the socket is created: Nagle would hold the request behind the client Finished.
    secure.setNoDelay(true);
    return secure;
  };
}

/**
 * Each chain certificate's end of validity, leaf first, from Node's detailed certificate (the prototype's
 * getPeerCertificate: dialTls shadows the socket's own). Node appends the trust store's issuer when the
 * chain verified; a self-signed certificate is its own issuer, which ends the walk.
 */
function readChainValidTo(secure: TLSSocket): string[] {
  const validTo: string[] = [];
  const seen = new Set<string>();
  let certificate = TLSSocket.prototype.getPeerCertificate.call(secure, true) as
    | DetailedPeerCertificate
    | undefined;
  while (certificate?.valid_to !== undefined && !seen.has(certificate.fingerprint256)) {
    seen.add(certificate.fingerprint256);
    const date = new Date(certificate.valid_to);
    validTo.push(Number.isNaN(date.getTime()) ? certificate.valid_to : date.toISOString());
    certificate = certificate.issuerCertificate;
  }
  return validTo;
}

/**
 * Whether the server sent a CertificateRequest. OpenSSL computes the signature algorithms both sides share
 * from that message alone on a client, so the list is empty unless the server asked for a certificate
 * (~0.2 µs to ask). False once the socket is gone.
 */
function wasCertificateRequested(secure: TLSSocket): boolean {
  try {
    return secure.getSharedSigalgs().length > 0;
  } catch {
    return false;
  }
}

function observeHandshake(
  secure: TLSSocket,
  hostname: string,
  settings: TlsSettings,
  durationMs: number,
  recordChain: boolean,
): TlsOutcome {
  // Before the leaf: once getPeerX509Certificate() has run, Node 20 answers getPeerCertificate() with {}.
  const chainValidTo = recordChain ? readChainValidTo(secure) : undefined;
  // Read once: on Node 20 a second getPeerX509Certificate() on a client socket returns undefined.
  const leaf = secure.getPeerX509Certificate();
  const certificate = leaf === undefined ? undefined : recallCertificate(leaf);
  let verifyErrorCode = secure.authorized ? undefined : authorizationCode(secure);
  let verifyDetail = verifyErrorCode;
  // Checked whatever the chain's verdict (the answer is remembered per certificate and name).
  const mismatch = certificate === undefined ? undefined : checkCertificateName(certificate, hostname);
  if (verifyErrorCode === undefined && mismatch !== undefined) {
    verifyErrorCode = mismatch.code;
    verifyDetail = mismatch.message;
  }
  const tls: TlsObservation = { servername: hostname, authorized: verifyErrorCode === undefined, durationMs };
  if (certificate !== undefined) tls.coversName = mismatch === undefined;
  if (leaf !== undefined && certificate !== undefined) {
    const endpoint = `${secure.remoteAddress ?? ''}:${secure.remotePort ?? ''}`;
    tls.chainLength = recallChainLength(certificate, endpoint, performance.now(), () => countChain(leaf));
  }
  const protocol = secure.getProtocol();
  if (protocol !== null) tls.protocol = protocol;
  const cipher = secure.getCipher() as { name?: string } | undefined;
  if (cipher?.name !== undefined) tls.cipher = cipher.name;
  if (typeof secure.alpnProtocol === 'string') tls.alpn = secure.alpnProtocol;
  if (certificate !== undefined) tls.certificate = certificate.info;
  if (chainValidTo !== undefined) tls.chainValidTo = chainValidTo;
  if (wasCertificateRequested(secure)) tls.clientCertificateRequested = true;
  if (verifyErrorCode === undefined) return { tls };
  const verifyFailure = classifyVerifyError(verifyErrorCode);
  tls.verifyFailure = verifyFailure;
  tls.verifyErrorCode = verifyErrorCode;
  if (settings.insecure) return { tls };
  const detail = `certificate not accepted for ${hostname}: ${verifyDetail}`;
  return { tls, failure: createFailure('tls', verifyFailure, verifyErrorCode, detail, durationMs) };
}

/**
 * Waits for the handshake under way on a socket from {@link dialTls}, timed from `startedAt` (when TCP came
 * up). Verification is done here rather than by OpenSSL's reject, so the certificate is recorded even when it
 * is wrong; a failed verification is a failure unless `settings.insecure`. On a failure without a completed
 * handshake the socket is destroyed. Never rejects.
 */
export function handshakeTls(
  secure: TLSSocket,
  hostname: string,
  settings: TlsSettings,
  limit: PhaseLimit,
  startedAt: number,
  recordChain = false,
): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const fail = (failure: PhaseFailure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.destroy();
      resolve({ failure });
    };
    // The full limit from now, not what is left of it since `startedAt` (a few µs less): Node keeps one timer
    // list per distinct duration, and a fractional one per probe would build and tear down a list each time.
    const timer = setTimeout(() => {
      fail(createFailure('tls', limit.timeoutCode, undefined, describeTimeout(limit, 'tls'), limit.ms));
    }, limit.ms);

    const onError = (error: Error): void => {
      const code = readErrorCode(error);
      const detail = error.message.trim();
      // Asked while the socket still holds the handshake's state: an alert after a CertificateRequest means
      // the server wanted a client certificate.
      const classified = classifyHandshakeError(code, wasCertificateRequested(secure));
      fail(createFailure('tls', classified, code, detail, performance.now() - startedAt));
    };
    const onClose = (): void => {
      const code = readSocketError(secure);
      const detail = 'connection closed during the TLS handshake';
      fail(createFailure('tls', classifyHandshakeError(code), code, detail, performance.now() - startedAt));
    };

    // The handshake began in the socket's own 'connect' listener; anything that ended it there already
    // happened before these listeners could hear it.
    if (secure.destroyed) {
      onClose();
      return;
    }
    secure.on('error', onError);
    secure.once('close', onClose);
    secure.once('secureConnect', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      secure.removeListener('error', onError);
      secure.removeListener('close', onClose);
      resolve(observeHandshake(secure, hostname, settings, performance.now() - startedAt, recordChain));
    });
  });
}
