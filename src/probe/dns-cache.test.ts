import { describe, expect, it } from 'vitest';
import { cacheLookups } from './dns-cache.js';
import type { HostAnswer, HostResolver, LookupOptions } from './host-resolver.js';

interface Call {
  hostname: string;
  lookup: LookupOptions;
  settle: (outcome: HostAnswer | Error) => void;
}

/** A resolver whose lookups stay open until the test settles them. */
function controlledResolver(): { resolver: HostResolver; calls: Call[] } {
  const calls: Call[] = [];
  const resolver: HostResolver = (hostname, lookup = {}) =>
    new Promise((resolve, reject) => {
      calls.push({
        hostname,
        lookup,
        settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
      });
    });
  return { resolver, calls };
}

const answer = (address: string, ttlMs?: number): HostAnswer => ({
  addresses: [{ address, family: 4 }],
  source: 'dns',
  ...(ttlMs === undefined ? {} : { ttlMs }),
});

describe('cacheLookups', () => {
  it('shares a lookup under way and then answers from the cache, saying which', async () => {
    const { resolver, calls } = controlledResolver();
    const cached = cacheLookups(resolver, { ttlMs: Number.POSITIVE_INFINITY });
    const first = cached('Shop.Example.com');
    const second = cached('shop.example.com');
    expect(calls).toHaveLength(1);
    calls[0]?.settle(answer('192.0.2.1'));
    expect(await first).toEqual(answer('192.0.2.1'));
    expect(await second).toEqual({ addresses: [{ address: '192.0.2.1', family: 4 }], source: 'shared' });
    expect(await cached('shop.example.com')).toEqual({
      addresses: [{ address: '192.0.2.1', family: 4 }],
      source: 'cache',
    });
    expect(calls).toHaveLength(1);
  });

  it('keeps an answer for its lifetime, shortened by the records TTL, and a TTL of 0 not at all', async () => {
    let clock = 0;
    const { resolver, calls } = controlledResolver();
    const cached = cacheLookups(resolver, { ttlMs: 10_000, now: () => clock });
    const ask = async (hostname: string, reply: HostAnswer) => {
      const pending = cached(hostname);
      calls.at(-1)?.settle(reply);
      return pending;
    };
    await ask('a.example', answer('192.0.2.1'));
    await ask('b.example', answer('192.0.2.2', 2_000));
    await ask('c.example', answer('192.0.2.3', 0));
    clock = 1_999;
    expect((await cached('b.example')).source).toBe('cache');
    expect(calls).toHaveLength(3);
    const c = cached('c.example');
    expect(calls).toHaveLength(4);
    calls[3]?.settle(answer('192.0.2.3', 0));
    await c;
    clock = 2_000;
    const b = cached('b.example');
    expect(calls).toHaveLength(5);
    calls[4]?.settle(answer('192.0.2.2', 2_000));
    await b;
    clock = 9_999;
    expect((await cached('a.example')).source).toBe('cache');
    clock = 10_000;
    void cached('a.example');
    expect(calls).toHaveLength(6);
  });

  it('shares a failure with those waiting but does not keep it', async () => {
    const { resolver, calls } = controlledResolver();
    const cached = cacheLookups(resolver, { ttlMs: Number.POSITIVE_INFINITY });
    const first = cached('gone.example');
    const second = cached('gone.example');
    calls[0]?.settle(Object.assign(new Error('NXDOMAIN'), { code: 'ENOTFOUND' }));
    await expect(first).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(second).rejects.toMatchObject({ code: 'ENOTFOUND' });
    void cached('gone.example').catch(() => undefined);
    expect(calls).toHaveLength(2);
  });

  it('ends one waiter at its own signal, and abandons the lookup only when the last one gives up', async () => {
    const { resolver, calls } = controlledResolver();
    const cached = cacheLookups(resolver, { ttlMs: Number.POSITIVE_INFINITY });
    const [one, two] = [new AbortController(), new AbortController()];
    const first = cached('slow.example', { signal: one.signal, timeoutMs: 500 });
    const second = cached('slow.example', { signal: two.signal });
    expect(calls[0]?.lookup.timeoutMs).toBe(500);
    one.abort();
    await expect(first).rejects.toMatchObject({ code: 'ECANCELLED' });
    expect(calls[0]?.lookup.signal?.aborted).toBe(false);
    two.abort();
    await expect(second).rejects.toMatchObject({ code: 'ECANCELLED' });
    expect(calls[0]?.lookup.signal?.aborted).toBe(true);
    // An abandoned lookup that answers anyway is not kept, and the next probe asks afresh.
    calls[0]?.settle(answer('192.0.2.9'));
    const again = cached('slow.example');
    expect(calls).toHaveLength(2);
    calls[1]?.settle(answer('192.0.2.9'));
    expect((await again).source).toBe('dns');
  });

  it('forgets the oldest answer beyond maxEntries', async () => {
    const { resolver, calls } = controlledResolver();
    const cached = cacheLookups(resolver, { ttlMs: Number.POSITIVE_INFINITY, maxEntries: 2 });
    for (const name of ['a.example', 'b.example', 'c.example']) {
      const pending = cached(name);
      calls.at(-1)?.settle(answer('192.0.2.1'));
      await pending;
    }
    expect((await cached('c.example')).source).toBe('cache');
    void cached('a.example');
    expect(calls).toHaveLength(4);
  });
});
