import { createServer as createHttpServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type StalledListener, startStalledListener } from '../../../src/lab/stalled-listener.js';
import type { HostResolver } from '../../../src/probe/host-resolver.js';
import { systemResolver } from '../../../src/probe/host-resolver.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

function serveEcho(): ReturnType<typeof createHttpServer> {
  return createHttpServer((req, res) => res.end(`host=${req.headers.host}`));
}

async function canListenOnIpv6Loopback(): Promise<boolean> {
  const server = createHttpServer();
  try {
    const served = await serveOnLoopback(server, '::1');
    await served.close();
    return true;
  } catch {
    return false;
  }
}

const ipv6 = await canListenOnIpv6Loopback();
if (!ipv6) console.warn('skipping IPv6 probe test: cannot listen on [::1] on this machine');

describe('runProbe addressing', () => {
  const servers: ServedServer[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function serve(address: string): Promise<ServedServer> {
    const served = await serveOnLoopback(serveEcho(), address);
    servers.push(served);
    return served;
  }

  it.skipIf(!ipv6)('probes an IPv6 literal on [::1]', async () => {
    const served = await serve('::1');
    const observation = await runProbe({ url: `http://[::1]:${served.port}/` }, await createProbeOptions());
    expect(observation.failure).toBeUndefined();
    expect(observation.dns).toMatchObject({
      source: 'literal',
      hostname: '::1',
      addresses: [{ address: '::1', family: 6 }],
    });
    expect(observation.connect).toMatchObject({ address: '::1', family: 6, port: served.port });
    expect(observation.http?.body).toBe(`host=[::1]:${served.port}`);
  });

  it.skipIf(!ipv6)('uses a fixed IPv6 answer given with brackets', async () => {
    const served = await serve('::1');
    const observation = await runProbe(
      { url: `http://v6.frontdoor.test:${served.port}/`, resolve: { 'v6.frontdoor.test': '[::1]' } },
      await createProbeOptions(),
    );
    expect(observation.dns).toMatchObject({ source: 'fixed', addresses: [{ address: '::1', family: 6 }] });
    expect(observation.http?.status).toBe(200);
  });

  it('pins the connection with connectTo while Host stays the URL host', async () => {
    const served = await serve(allocateLoopbackAddress());
    const observation = await runProbe(
      {
        url: 'http://shop.frontdoor.test/health',
        connectTo: { host: served.address, port: served.port },
        resolve: { 'shop.frontdoor.test': allocateLoopbackAddress() },
      },
      await createProbeOptions(),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.dns).toMatchObject({ source: 'pinned', hostname: served.address });
    expect(observation.connect).toMatchObject({ address: served.address, port: served.port });
    expect(observation.http?.body).toBe('host=shop.frontdoor.test');
  });

  it('resolves a connectTo hostname, consulting fixed answers first', async () => {
    const served = await serve(allocateLoopbackAddress());
    const observation = await runProbe(
      {
        url: `http://shop.frontdoor.test:${served.port}/`,
        connectTo: { host: 'web1.frontdoor.test' },
        resolve: { 'web1.frontdoor.test': served.address },
      },
      await createProbeOptions(),
    );
    expect(observation.dns).toMatchObject({ source: 'pinned', hostname: 'web1.frontdoor.test' });
    expect(observation.connect?.address).toBe(served.address);
    expect(observation.http?.body).toBe(`host=shop.frontdoor.test:${served.port}`);
  });

  it('tries the resolved addresses in order until one connects', async () => {
    const refusing = allocateLoopbackAddress();
    const served = await serve(allocateLoopbackAddress());
    const resolver: HostResolver = async () => ({
      addresses: [
        { address: refusing, family: 4 },
        { address: served.address, family: 4 },
      ],
      source: 'dns',
    });
    const options = { ...(await createProbeOptions()), resolver };
    const observation = await runProbe({ url: `http://multi.frontdoor.test:${served.port}/` }, options);
    expect(observation.failure).toBeUndefined();
    expect(observation.dns).toMatchObject({
      source: 'dns',
      addresses: [{ address: refusing }, { address: served.address }],
    });
    expect(observation.connect?.address).toBe(served.address);
    expect(observation.deadAddresses).toEqual([
      {
        address: refusing,
        port: served.port,
        family: 4,
        code: 'connect_refused',
        errorCode: 'ECONNREFUSED',
        durationMs: expect.any(Number),
      },
    ]);
  });

  /** A live echo server on a fresh address, on the port a stalled listener holds on its own address. */
  async function serveBeside(stalled: StalledListener): Promise<string> {
    const address = allocateLoopbackAddress();
    const server = serveEcho();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: address, port: stalled.port, exclusive: true }, resolve);
    });
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return address;
  }

  it('tries the next address beside one that never answers (Happy Eyeballs) and names the dead one', async () => {
    const stalled = await startStalledListener();
    closers.push(() => stalled.close());
    const live = await serveBeside(stalled);
    const resolver: HostResolver = async () => ({
      addresses: [
        { address: stalled.address, family: 4 },
        { address: live, family: 4 },
      ],
      source: 'dns',
    });
    const base = await createProbeOptions();
    // A connect budget far longer than the attempt delay: the live address must not wait it out.
    const timeouts = { ...base.timeouts, connectMs: 60_000, totalMs: 60_000 };
    const observation = await runProbe(
      { url: `http://multi.frontdoor.test:${stalled.port}/health` },
      { ...base, resolver, timeouts },
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.connect).toMatchObject({ address: live, port: stalled.port });
    expect(observation.http?.status).toBe(200);
    expect(observation.deadAddresses).toEqual([
      {
        address: stalled.address,
        port: stalled.port,
        family: 4,
        code: 'connect_timeout',
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('names every dead address when none gets through', async () => {
    const stalled = await startStalledListener();
    closers.push(() => stalled.close());
    const refusing = allocateLoopbackAddress();
    const resolver: HostResolver = async () => ({
      addresses: [
        { address: refusing, family: 4 },
        { address: stalled.address, family: 4 },
      ],
      source: 'dns',
    });
    const base = await createProbeOptions();
    const timeouts = { ...base.timeouts, connectMs: 600 };
    const observation = await runProbe(
      { url: `https://multi.frontdoor.test:${stalled.port}/` },
      { ...base, resolver, timeouts },
    );
    expect(observation.failure).toMatchObject({ phase: 'connect', code: 'connect_timeout' });
    expect(observation.deadAddresses?.map((dead) => [dead.address, dead.port, dead.code])).toEqual([
      [refusing, stalled.port, 'connect_refused'],
      [stalled.address, stalled.port, 'connect_timeout'],
    ]);
  });

  it('times out a connection whose handshake is never answered, over http and https alike', async () => {
    const stalled = await startStalledListener();
    try {
      const base = await createProbeOptions();
      const options = { ...base, timeouts: { ...base.timeouts, connectMs: 300 } };
      for (const scheme of ['http', 'https']) {
        const observation = await runProbe(
          { url: `${scheme}://${stalled.address}:${stalled.port}/` },
          options,
        );
        expect(observation.failure).toMatchObject({ phase: 'connect', code: 'connect_timeout' });
        expect(observation.failure?.durationMs).toBeGreaterThanOrEqual(290);
        expect(observation.connect).toBeUndefined();
        expect(observation.tls).toBeUndefined();
      }
    } finally {
      await stalled.close();
    }
  });

  it('classifies resolver errors from their code', async () => {
    const failWith =
      (code: string): HostResolver =>
      () =>
        Promise.reject(Object.assign(new Error(`lookup failed: ${code}`), { code }));
    const base = await createProbeOptions();
    const url = 'http://missing.frontdoor.test/';
    const notFound = await runProbe({ url }, { ...base, resolver: failWith('ENOTFOUND') });
    expect(notFound.failure).toMatchObject({ phase: 'dns', code: 'dns_not_found', errorCode: 'ENOTFOUND' });
    const again = await runProbe({ url }, { ...base, resolver: failWith('EAI_AGAIN') });
    expect(again.failure).toMatchObject({ phase: 'dns', code: 'dns_timeout' });
    const empty = await runProbe(
      { url },
      { ...base, resolver: async () => ({ addresses: [], source: 'dns' as const }) },
    );
    expect(empty.failure).toMatchObject({ phase: 'dns', code: 'dns_not_found' });
  });

  it('times out a resolver that never answers', async () => {
    const base = await createProbeOptions();
    const options = {
      ...base,
      timeouts: { ...base.timeouts, dnsMs: 200 },
      resolver: () => new Promise<never>(() => undefined),
    };
    const observation = await runProbe({ url: 'http://slow.frontdoor.test/' }, options);
    expect(observation.failure).toMatchObject({ phase: 'dns', code: 'dns_timeout' });
  });

  it('resolves localhost through the system resolver (/etc/hosts)', async () => {
    const served = await serve('127.0.0.1');
    const options = { ...(await createProbeOptions()), resolver: systemResolver };
    const observation = await runProbe({ url: `http://localhost:${served.port}/` }, options);
    expect(observation.dns?.source).toBe('system');
    expect(observation.dns?.addresses.map((answer) => answer.address)).toContain('127.0.0.1');
    expect(observation.connect?.port).toBe(served.port);
  });
});
