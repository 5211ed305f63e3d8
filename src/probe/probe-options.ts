import type { HostResolver } from './host-resolver.js';
import type { TlsSettings } from './tls-settings.js';

/** Per-phase limits in milliseconds; `totalMs` bounds the whole probe, redirects included. */
export interface PhaseTimeouts {
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  /** request written -> complete response head */
  responseMs: number;
  /** response head -> end of body */
  bodyMs: number;
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: PhaseTimeouts = Object.freeze({
  dnsMs: 5_000,
  connectMs: 5_000,
  tlsMs: 5_000,
  responseMs: 10_000,
  bodyMs: 10_000,
  totalMs: 30_000,
});

/**
 * Timeouts for `--timeout`: the whole probe gets `totalMs`, and no phase may wait longer than that either.
 * @example timeoutsWithin(2000) // { dnsMs: 2000, connectMs: 2000, ..., totalMs: 2000 }
 */
export function timeoutsWithin(totalMs: number): PhaseTimeouts {
  return {
    dnsMs: Math.min(DEFAULT_TIMEOUTS.dnsMs, totalMs),
    connectMs: Math.min(DEFAULT_TIMEOUTS.connectMs, totalMs),
    tlsMs: Math.min(DEFAULT_TIMEOUTS.tlsMs, totalMs),
    responseMs: Math.min(DEFAULT_TIMEOUTS.responseMs, totalMs),
    bodyMs: Math.min(DEFAULT_TIMEOUTS.bodyMs, totalMs),
    totalMs,
  };
}

/** Bodies are read up to this many bytes; the rest is not downloaded. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

export interface ProbeOptions {
  timeouts: PhaseTimeouts;
  maxBodyBytes: number;
  /** how many redirects to follow; 0 records the redirect response itself */
  follow: number;
  tls: TlsSettings;
  /**
   * turns names into addresses; default a bounded resolver of the process (createBoundedResolver: the hosts
   * file, then DNS through c-ares, no cache). A run passes one with its own cache (cacheLookups).
   */
  resolver?: HostResolver;
  /** record every chain certificate's end of validity (TlsObservation.chainValidTo); off by default */
  recordChain?: boolean;
  /**
   * with several addresses, how long an attempt gets before the next address is tried beside it (Happy
   * Eyeballs); default 250 ms (DEFAULT_ATTEMPT_DELAY_MS)
   */
  attemptDelayMs?: number;
  /**
   * after an HTTP/2 failure, ask the same request again over HTTP/1.1 (ProbeObservation.overHttp1); default
   * true. `/probe` turns it off: blackbox's figures describe one probe.
   */
  retryOverHttp1?: boolean;
}
