import type { RecordWithTtl } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import type { ResolvedAddress } from './observation.js';

export interface DnsQueryOptions {
  /** servers to ask ("192.0.2.53", "[2001:db8::53]:5353"); absent: /etc/resolv.conf's, as c-ares reads it */
  servers?: readonly string[] | undefined;
  /** how often each server is asked before giving up */
  tries: number;
  /** how long the caller waits at most: the per-try timeout is sized so the tries fit in it */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** AAAA answers before A ones (a machine with a global IPv6 address) */
  preferIpv6: boolean;
}

export interface DnsAnswer {
  addresses: ResolvedAddress[];
  /** the shortest TTL among the records */
  ttlMs: number;
}

/** RFC 8305 section 3's Resolution Delay: once one family answered, how long the other still gets. */
const RESOLUTION_DELAY_MS = 50;

type Outcome = { records: RecordWithTtl[] } | { error: Error & { code?: string } };

/** The error that says most about a name neither query found: NXDOMAIN, else A's problem, else AAAA's. */
function pickError(v4: Outcome | undefined, v6: Outcome | undefined): Error {
  const errors = [v4, v6].filter((outcome) => outcome !== undefined && 'error' in outcome) as Array<{
    error: Error & { code?: string };
  }>;
  const notFound = errors.find((outcome) => outcome.error.code === 'ENOTFOUND');
  const informative = errors.find((outcome) => outcome.error.code !== 'ENODATA');
  const chosen = notFound ?? informative ?? errors[0];
  return chosen?.error ?? Object.assign(new Error('no address records'), { code: 'ENODATA' });
}

/**
 * Asks DNS for a name's A and AAAA records at once through c-ares (node:dns Resolver), which runs on the event
 * loop rather than libuv's four getaddrinfo threads, so no stuck name can hold up another lookup. Bounded by
 * `timeoutMs` (per-try timeout and tries) and by `signal`, whose abort cancels the queries so nothing keeps the
 * process alive. Once one family answered, the other gets 50 ms more (RFC 8305's Resolution Delay).
 */
export function queryDns(name: string, options: DnsQueryOptions): Promise<DnsAnswer> {
  return new Promise((resolve, reject) => {
    const resolver = new Resolver({
      timeout: Math.max(50, Math.floor(options.timeoutMs / (options.tries + 1))),
      tries: options.tries,
    });
    if (options.servers !== undefined) resolver.setServers([...options.servers]);
    let v4: Outcome | undefined;
    let v6: Outcome | undefined;
    let done = false;
    let delay: NodeJS.Timeout | undefined;
    const { signal } = options;

    const end = (): void => {
      done = true;
      if (delay !== undefined) clearTimeout(delay);
      signal?.removeEventListener('abort', onAbort);
      // A query still out (the family that missed the resolution delay) must not outlive the answer.
      resolver.cancel();
    };
    const finish = (): void => {
      if (done) return;
      end();
      const four = v4 !== undefined && 'records' in v4 ? v4.records : [];
      const six = v6 !== undefined && 'records' in v6 ? v6.records : [];
      if (four.length + six.length === 0) {
        reject(pickError(v4, v6));
        return;
      }
      const ordered: Array<[RecordWithTtl, 4 | 6]> = options.preferIpv6
        ? [...six.map((r): [RecordWithTtl, 6] => [r, 6]), ...four.map((r): [RecordWithTtl, 4] => [r, 4])]
        : [...four.map((r): [RecordWithTtl, 4] => [r, 4]), ...six.map((r): [RecordWithTtl, 6] => [r, 6])];
      resolve({
        addresses: ordered.map(([record, family]) => ({ address: record.address, family })),
        ttlMs: Math.min(...ordered.map(([record]) => record.ttl)) * 1000,
      });
    };
    function onAbort(): void {
      if (done) return;
      end();
      reject(Object.assign(new Error(`lookup of ${name} abandoned`), { code: 'ECANCELLED' }));
    }
    const settle = (family: 4 | 6, outcome: Outcome): void => {
      if (family === 4) v4 = outcome;
      else v6 = outcome;
      if (done) return;
      if (v4 !== undefined && v6 !== undefined) finish();
      else if ('records' in outcome && outcome.records.length > 0 && delay === undefined)
        delay = setTimeout(finish, RESOLUTION_DELAY_MS);
    };

    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    resolver.resolve4(name, { ttl: true }).then(
      (records) => settle(4, { records }),
      (error: Error) => settle(4, { error }),
    );
    resolver.resolve6(name, { ttl: true }).then(
      (records) => settle(6, { records }),
      (error: Error) => settle(6, { error }),
    );
  });
}
