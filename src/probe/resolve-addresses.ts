import { isIP } from 'node:net';
import { classifyDnsError, createFailure, readErrorCode } from './classify-failure.js';
import { type FixedAnswers, findFixedAnswer } from './fixed-answers.js';
import { toHostKey, toUrlHostKey } from './host-key.js';
import type { HostResolver } from './host-resolver.js';
import { createLocalResourceError, detectDescriptorShortage, isLocalResourceCode } from './local-resource.js';
import type { ConnectTo, DnsObservation, PhaseFailure, ResolvedAddress } from './observation.js';
import { describeTimeout, type PhaseLimit } from './phase-limit.js';
import { stripBrackets } from './strip-brackets.js';

export interface AddressQuery {
  /** the URL's hostname (brackets allowed) */
  hostname: string;
  /** pin for this hop: its host replaces the URL's host for addressing */
  connectTo?: ConnectTo | undefined;
  /** fixed answers, hostname -> address, consulted before the resolver */
  resolve?: FixedAnswers | undefined;
}

export type DnsOutcome =
  | { dns: DnsObservation; failure?: undefined }
  | { dns?: undefined; failure: PhaseFailure };

function literal(address: string): ResolvedAddress {
  return { address, family: isIP(address) === 6 ? 6 : 4 };
}

function lookupWithin(
  hostname: string,
  resolver: HostResolver,
  limit: PhaseLimit,
  started: number,
): Promise<DnsOutcome> {
  return new Promise((resolve, reject) => {
    let settled = false;
    // Aborted when the timer wins: the resolver stops its queries, so an abandoned name keeps nothing open.
    const abandon = new AbortController();
    const timer = setTimeout(() => {
      settled = true;
      abandon.abort();
      const failure = createFailure(
        'dns',
        limit.timeoutCode,
        undefined,
        describeTimeout(limit, 'dns'),
        limit.ms,
      );
      resolve({ failure });
    }, limit.ms);
    resolver(hostname, { signal: abandon.signal, timeoutMs: limit.ms }).then(
      (answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // An answer the run already had took no DNS time of its own; any other is what this probe waited.
        const durationMs = answer.source === 'cache' ? 0 : performance.now() - started;
        if (answer.addresses.length === 0) {
          resolve({
            failure: createFailure(
              'dns',
              'dns_not_found',
              undefined,
              `${hostname}: no addresses`,
              durationMs,
            ),
          });
        } else {
          resolve({ dns: { source: answer.source, hostname, addresses: answer.addresses, durationMs } });
        }
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const code = readErrorCode(error);
        const shortage = isLocalResourceCode(code) ? code : detectDescriptorShortage();
        if (shortage !== undefined) {
          reject(createLocalResourceError(shortage, `cannot resolve ${hostname}`, error));
          return;
        }
        const detail = `${hostname}: ${error instanceof Error ? error.message : String(error)}`;
        resolve({
          failure: createFailure('dns', classifyDnsError(code), code, detail, performance.now() - started),
        });
      },
    );
  });
}

/**
 * Addresses to connect to, in order: a pin (connect-to) wins over the URL's host, an IP literal needs no
 * lookup, a fixed `resolve` answer wins over the system resolver. Rejects only with FD_ERR_LOCAL_RESOURCE, when
 * the lookup failed because this process is out of file descriptors (not an answer about the name).
 */
export function resolveAddresses(
  query: AddressQuery,
  resolver: HostResolver,
  limit: PhaseLimit,
): Promise<DnsOutcome> {
  const started = performance.now();
  const pinned = query.connectTo !== undefined;
  const hostname = stripBrackets(pinned ? (query.connectTo?.host ?? '') : query.hostname);
  if (isIP(hostname) !== 0) {
    const dns: DnsObservation = {
      source: pinned ? 'pinned' : 'literal',
      hostname,
      addresses: [literal(hostname)],
      durationMs: performance.now() - started,
    };
    return Promise.resolve({ dns });
  }
  // A URL's host is already lower-case punycode; a pin's name is the configuration's text.
  const key = pinned ? (toHostKey(hostname) ?? hostname) : toUrlHostKey(hostname);
  const fixed = findFixedAnswer(query.resolve, key);
  if (fixed !== undefined) {
    const address = stripBrackets(fixed);
    if (isIP(address) !== 0) {
      const dns: DnsObservation = {
        source: pinned ? 'pinned' : 'fixed',
        hostname,
        addresses: [literal(address)],
        durationMs: performance.now() - started,
      };
      return Promise.resolve({ dns });
    }
    return lookupWithin(address, resolver, limit, started);
  }
  return lookupWithin(hostname, resolver, limit, started);
}
