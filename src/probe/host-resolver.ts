import { lookup } from 'node:dns/promises';
import type { AnswerSource, ResolvedAddress } from './observation.js';

export type { AnswerSource };

/** What a lookup may be told by whoever waits for it. */
export interface LookupOptions {
  /** aborted when the caller stops waiting: the lookup must stop too and hold nothing open */
  signal?: AbortSignal;
  /** how long the caller will wait at most; a resolver sizes its own retries to it */
  timeoutMs?: number;
}

export interface HostAnswer {
  /** in the order they should be tried */
  addresses: ResolvedAddress[];
  source: AnswerSource;
  /** how long the answer may be kept (the records' TTL), when the resolver knows it */
  ttlMs?: number;
}

/**
 * Turns a hostname into addresses. Rejects with an errno-coded error (ENOTFOUND, ETIMEOUT, ...) the probe
 * classifies; an aborted lookup may reject with any code, since nobody waits for it any more.
 */
export type HostResolver = (hostname: string, options?: LookupOptions) => Promise<HostAnswer>;

/**
 * The system resolver through getaddrinfo (dns.lookup): /etc/hosts and nsswitch apply as for any program on
 * this machine. It runs on libuv's four threads and cannot be cancelled, so a few names that hang starve every
 * other lookup of the process; probes use createBoundedResolver instead.
 */
export const systemResolver: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return {
    addresses: answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 })),
    source: 'system',
  };
};
