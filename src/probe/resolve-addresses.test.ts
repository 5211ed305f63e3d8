import { describe, expect, it } from 'vitest';
import type { HostResolver } from './host-resolver.js';
import type { PhaseLimit } from './phase-limit.js';
import { resolveAddresses } from './resolve-addresses.js';

const limit: PhaseLimit = { ms: 1_000, timeoutCode: 'dns_timeout' };

function recordingResolver(answers: Record<string, string>): { resolver: HostResolver; asked: string[] } {
  const asked: string[] = [];
  const resolver: HostResolver = async (hostname) => {
    asked.push(hostname);
    const address = answers[hostname];
    if (address === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return { addresses: [{ address, family: 4 }], source: 'dns' };
  };
  return { resolver, asked };
}

describe('resolveAddresses', () => {
  it('skips DNS for IP literals, IPv6 brackets included', async () => {
    const { resolver, asked } = recordingResolver({});
    const v6 = await resolveAddresses({ hostname: '[2001:db8::1]' }, resolver, limit);
    expect(v6.dns).toMatchObject({
      source: 'literal',
      hostname: '2001:db8::1',
      addresses: [{ address: '2001:db8::1', family: 6 }],
    });
    const v4 = await resolveAddresses({ hostname: '10.0.0.1' }, resolver, limit);
    expect(v4.dns).toMatchObject({ source: 'literal', addresses: [{ address: '10.0.0.1', family: 4 }] });
    expect(asked).toEqual([]);
  });

  it('prefers a fixed answer, matching the name case-insensitively', async () => {
    const { resolver, asked } = recordingResolver({});
    const outcome = await resolveAddresses(
      { hostname: 'shop.example.com', resolve: { 'Shop.Example.com': '10.0.0.11' } },
      resolver,
      limit,
    );
    expect(outcome.dns).toMatchObject({
      source: 'fixed',
      hostname: 'shop.example.com',
      addresses: [{ address: '10.0.0.11' }],
    });
    expect(asked).toEqual([]);
  });

  it('matches a URL host with a trailing dot or in punycode to the same fixed answer', async () => {
    const { resolver, asked } = recordingResolver({});
    const resolve = { 'shop.example': '10.0.0.11', 'Bücher.example.': '10.0.0.12' };
    const dotted = await resolveAddresses(
      { hostname: new URL('https://shop.example./').hostname, resolve },
      resolver,
      limit,
    );
    expect(dotted.dns?.addresses).toEqual([{ address: '10.0.0.11', family: 4 }]);
    const idn = await resolveAddresses(
      { hostname: new URL('https://bücher.example/').hostname, resolve },
      resolver,
      limit,
    );
    expect(idn.dns?.addresses).toEqual([{ address: '10.0.0.12', family: 4 }]);
    const pinned = await resolveAddresses(
      { hostname: 'a.example', connectTo: { host: 'Shop.Example.' }, resolve },
      resolver,
      limit,
    );
    expect(pinned.dns).toMatchObject({ source: 'pinned', addresses: [{ address: '10.0.0.11' }] });
    expect(asked).toEqual([]);
  });

  it('pins to the connect-to host instead of the URL host', async () => {
    const { resolver, asked } = recordingResolver({ 'web1.internal': '10.0.0.12' });
    const literal = await resolveAddresses(
      { hostname: 'shop.example.com', connectTo: { host: '[::1]', port: 8443 } },
      resolver,
      limit,
    );
    expect(literal.dns).toMatchObject({
      source: 'pinned',
      hostname: '::1',
      addresses: [{ address: '::1', family: 6 }],
    });
    const named = await resolveAddresses(
      { hostname: 'shop.example.com', connectTo: { host: 'web1.internal' } },
      resolver,
      limit,
    );
    // A pin given as a name is looked up like any name; the answer's own source says how.
    expect(named.dns).toMatchObject({
      source: 'dns',
      hostname: 'web1.internal',
      addresses: [{ address: '10.0.0.12' }],
    });
    expect(asked).toEqual(['web1.internal']);
  });

  it('asks the resolver otherwise and classifies its errors', async () => {
    const { resolver } = recordingResolver({ 'shop.example.com': '192.0.2.10' });
    const found = await resolveAddresses({ hostname: 'shop.example.com' }, resolver, limit);
    expect(found.dns).toMatchObject({ source: 'dns', addresses: [{ address: '192.0.2.10', family: 4 }] });
    const missing = await resolveAddresses({ hostname: 'gone.example.com' }, resolver, limit);
    expect(missing.failure).toMatchObject({ phase: 'dns', code: 'dns_not_found', errorCode: 'ENOTFOUND' });
  });

  it('gives up when the timer fires first, reports the timer code and tells the resolver to stop', async () => {
    const asked: Array<{ signal?: AbortSignal; timeoutMs?: number }> = [];
    const never: HostResolver = (_hostname, lookup = {}) => {
      asked.push(lookup);
      return new Promise(() => undefined);
    };
    const outcome = await resolveAddresses({ hostname: 'slow.example.com' }, never, {
      ms: 10,
      timeoutCode: 'total_timeout',
    });
    expect(outcome.failure).toMatchObject({ phase: 'dns', code: 'total_timeout', durationMs: 10 });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.timeoutMs).toBe(10);
    expect(asked[0]?.signal?.aborted).toBe(true);
  });

  it('records no DNS time for an answer the run already had', async () => {
    const cached: HostResolver = async () => ({
      addresses: [{ address: '192.0.2.10', family: 4 }],
      source: 'cache',
    });
    const outcome = await resolveAddresses({ hostname: 'shop.example.com' }, cached, limit);
    expect(outcome.dns).toMatchObject({ source: 'cache', durationMs: 0 });
  });
});

describe('resolveAddresses when this machine is out of resources', () => {
  it('rejects with FD_ERR_LOCAL_RESOURCE for a resolver error that is a local shortage', async () => {
    const starved: HostResolver = async () => {
      throw Object.assign(new Error('getaddrinfo EMFILE shop.example.com'), { code: 'EMFILE' });
    };
    await expect(resolveAddresses({ hostname: 'shop.example.com' }, starved, limit)).rejects.toMatchObject({
      code: 'FD_ERR_LOCAL_RESOURCE',
      message: expect.stringMatching(/^cannot resolve shop\.example\.com: EMFILE, this process ran out/),
    });
  });
});
