import type { HostAnswer, HostResolver, LookupOptions } from './host-resolver.js';

export interface DnsCacheOptions {
  /**
   * How long an answer is kept at most, in ms: Infinity for one `check` run (the cache dies with the run),
   * a few seconds to minutes for a long-lived process such as the watch. A record's own TTL, when the resolver
   * knows it, shortens this; a TTL of 0 is never kept.
   */
  ttlMs: number;
  /** monotonic milliseconds; injectable for tests */
  now?: () => number;
  /** answers kept at most; the oldest goes first (default 10,000) */
  maxEntries?: number;
}

interface Pending {
  promise: Promise<HostAnswer>;
  /** probes still waiting; when the last one gives up, the lookup is abandoned */
  waiters: number;
  abandon: AbortController;
}

interface Kept {
  answer: HostAnswer;
  expiresAt: number;
}

const DEFAULT_MAX_ENTRIES = 10_000;

function abandoned(hostname: string): Error {
  return Object.assign(new Error(`lookup of ${hostname} abandoned`), { code: 'ECANCELLED' });
}

/**
 * `resolver` with a cache in front: an answer is looked up once and kept for `ttlMs` (or its records' TTL), and
 * probes asking for a name already being looked up share that lookup instead of starting their own. Answers
 * say which they were, so timings stay honest: `cache` (already known; no DNS time), `shared` (waited for
 * another probe's lookup; the wait is real), or the resolver's own source for the probe that asked first.
 * Failures are shared by those waiting but not kept: the next probe asks again. Each waiter's own signal ends
 * only its wait; the lookup itself is abandoned (its signal aborted) when every waiter has given up.
 * @example const resolver = cacheLookups(createBoundedResolver(), { ttlMs: Number.POSITIVE_INFINITY })
 */
export function cacheLookups(resolver: HostResolver, options: DnsCacheOptions): HostResolver {
  const now = options.now ?? (() => performance.now());
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const kept = new Map<string, Kept>();
  const pending = new Map<string, Pending>();

  const keep = (key: string, answer: HostAnswer): void => {
    const lifetime = Math.min(options.ttlMs, answer.ttlMs ?? Number.POSITIVE_INFINITY);
    if (!(lifetime > 0)) return;
    if (kept.size >= maxEntries) {
      const oldest = kept.keys().next();
      if (oldest.done !== true) kept.delete(oldest.value);
    }
    kept.set(key, { answer, expiresAt: now() + lifetime });
  };

  const start = (key: string, hostname: string, timeoutMs: number | undefined): Pending => {
    const abandon = new AbortController();
    const lookup: LookupOptions = { signal: abandon.signal };
    if (timeoutMs !== undefined) lookup.timeoutMs = timeoutMs;
    const entry: Pending = { promise: resolver(hostname, lookup), waiters: 0, abandon };
    pending.set(key, entry);
    entry.promise.then(
      (answer) => {
        if (pending.get(key) === entry) pending.delete(key);
        if (!abandon.signal.aborted) keep(key, answer);
      },
      () => {
        if (pending.get(key) === entry) pending.delete(key);
      },
    );
    return entry;
  };

  /** Waits for `entry` until it settles or this waiter's own signal says stop. */
  const wait = (entry: Pending, hostname: string, signal: AbortSignal | undefined): Promise<HostAnswer> => {
    entry.waiters += 1;
    const leave = (): void => {
      entry.waiters -= 1;
      if (entry.waiters === 0 && pending.get(hostname.toLowerCase()) === entry) {
        pending.delete(hostname.toLowerCase());
        entry.abandon.abort();
      }
    };
    if (signal === undefined) {
      return entry.promise.finally(() => {
        entry.waiters -= 1;
      });
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        leave();
        reject(abandoned(hostname));
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      entry.promise.then(
        (answer) => {
          signal.removeEventListener('abort', onAbort);
          entry.waiters -= 1;
          resolve(answer);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          entry.waiters -= 1;
          reject(error);
        },
      );
    });
  };

  return async (hostname, lookup = {}) => {
    const key = hostname.toLowerCase();
    const known = kept.get(key);
    if (known !== undefined) {
      if (known.expiresAt > now()) return { addresses: known.answer.addresses, source: 'cache' };
      kept.delete(key);
    }
    const under = pending.get(key);
    if (under !== undefined) {
      const answer = await wait(under, hostname, lookup.signal);
      return { addresses: answer.addresses, source: 'shared' };
    }
    return wait(start(key, hostname, lookup.timeoutMs), hostname, lookup.signal);
  };
}
