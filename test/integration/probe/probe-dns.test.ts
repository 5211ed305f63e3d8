import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type BoundedResolverOptions, createBoundedResolver } from '../../../src/probe/bounded-resolver.js';
import { cacheLookups } from '../../../src/probe/dns-cache.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { type DnsServer, serveDns } from './serve-dns.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

// Every lookup here goes to a DNS server of the test's own on loopback and to hosts/nsswitch fixtures: nothing
// depends on this machine's resolver or network.
describe('the bounded resolver against real DNS servers on loopback', () => {
  let dir: string;
  const dnsServers: DnsServer[] = [];
  const servers: ServedServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-dns-'));
  });
  afterEach(async () => {
    await Promise.all(dnsServers.splice(0).map((server) => server.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function fixture(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  }

  async function startDns(records: Parameters<typeof serveDns>[1]): Promise<DnsServer> {
    const server = await serveDns(allocateLoopbackAddress(), records);
    dnsServers.push(server);
    return server;
  }

  async function resolverFor(dns: DnsServer, overrides: BoundedResolverOptions = {}) {
    return createBoundedResolver({
      servers: [dns.server],
      hostsPath: await fixture(`hosts-${dnsServers.length}`, '127.0.0.1 localhost\n'),
      nsswitchPath: await fixture(`nsswitch-${dnsServers.length}`, 'hosts: files dns\n'),
      preferIpv6: false,
      ...overrides,
    });
  }

  it('asks DNS for A and AAAA and keeps the records TTL; NXDOMAIN is ENOTFOUND', async () => {
    const dns = await startDns({
      'shop.frontdoor.test': { a: ['127.0.0.5', '127.0.0.6'], aaaa: ['::1'], ttl: 60 },
    });
    const resolver = await resolverFor(dns);
    await expect(resolver('shop.frontdoor.test', { timeoutMs: 2_000 })).resolves.toEqual({
      addresses: [
        { address: '127.0.0.5', family: 4 },
        { address: '127.0.0.6', family: 4 },
        { address: '::1', family: 6 },
      ],
      source: 'dns',
      ttlMs: 60_000,
    });
    await expect(resolver('gone.frontdoor.test', { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    expect(dns.questions).toEqual(
      expect.arrayContaining(['shop.frontdoor.test A', 'shop.frontdoor.test AAAA', 'gone.frontdoor.test A']),
    );
  });

  it('answers names of the hosts file from it, without asking DNS, and follows nsswitch order', async () => {
    const dns = await startDns({ 'both.frontdoor.test': { a: ['127.0.0.9'] } });
    const hostsPath = await fixture(
      'hosts-order',
      '127.0.0.8 both.frontdoor.test\n127.0.0.7 Files.Frontdoor.Test\n',
    );
    const filesFirst = await resolverFor(dns, { hostsPath });
    await expect(filesFirst('files.frontdoor.test.')).resolves.toEqual({
      addresses: [{ address: '127.0.0.7', family: 4 }],
      source: 'hosts',
    });
    expect((await filesFirst('both.frontdoor.test')).addresses).toEqual([
      { address: '127.0.0.8', family: 4 },
    ]);
    expect(dns.questions).toEqual([]);

    const dnsFirst = await resolverFor(dns, {
      hostsPath,
      nsswitchPath: await fixture('nsswitch-dns-first', 'hosts: dns files\n'),
    });
    expect((await dnsFirst('both.frontdoor.test')).addresses).toEqual([{ address: '127.0.0.9', family: 4 }]);
    // Not in DNS: on to the hosts file, as glibc continues after NOTFOUND by default.
    expect(await dnsFirst('files.frontdoor.test')).toMatchObject({ source: 'hosts' });
    const stopAtDns = await resolverFor(dns, {
      hostsPath,
      nsswitchPath: await fixture('nsswitch-return', 'hosts: dns [NOTFOUND=return] files\n'),
    });
    await expect(stopAtDns('files.frontdoor.test')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('a name server that never answers cannot starve a name of the hosts file', async () => {
    const silent = await startDns('silent');
    const resolver = await resolverFor(silent, {
      hostsPath: await fixture('hosts-starve', '127.0.0.4 listed.frontdoor.test\n'),
    });
    const abandon = new AbortController();
    const stuck = Array.from({ length: 8 }, (_, index) =>
      resolver(`stuck${index}.frontdoor.test`, { timeoutMs: 60_000, signal: abandon.signal }).then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code ?? 'error',
      ),
    );
    let stuckSettled = 0;
    for (const lookup of stuck) void lookup.then(() => (stuckSettled += 1));
    const listed = await resolver('listed.frontdoor.test', { timeoutMs: 60_000 });
    expect(listed).toEqual({ addresses: [{ address: '127.0.0.4', family: 4 }], source: 'hosts' });
    // The ninth name came back while all eight were still waiting on the silent server.
    expect(stuckSettled).toBe(0);
    abandon.abort();
    expect(await Promise.all(stuck)).toEqual(Array(8).fill('ECANCELLED'));
  });

  it("gives up at the probe's DNS deadline against a silent server", async () => {
    const silent = await startDns('silent');
    const base = await createProbeOptions();
    const observation = await runProbe(
      { url: 'http://silent.frontdoor.test/' },
      {
        ...base,
        resolver: await resolverFor(silent),
        timeouts: { ...base.timeouts, dnsMs: 300 },
      },
    );
    expect(observation.failure).toMatchObject({ phase: 'dns', code: 'dns_timeout' });
    expect(silent.questions.length).toBeGreaterThan(0);
  });

  it('never keeps the process alive for a lookup it abandoned', async () => {
    const silent = await startDns('silent');
    const resolverUrl = new URL('../../../dist/probe/bounded-resolver.js', import.meta.url).href;
    // A child asks the silent server with a minute to spare, gives up after 100 ms and has nothing else to do:
    // it must exit on its own. Only the harness's kill (a hang) would end it otherwise.
    const script = `
      const { createBoundedResolver } = await import(${JSON.stringify(resolverUrl)});
      const resolver = createBoundedResolver({ servers: [${JSON.stringify(silent.server)}], hostsPath: '/dev/null', tries: 4 });
      const abandon = new AbortController();
      setTimeout(() => abandon.abort(), 100);
      const outcome = await resolver('hung.frontdoor.test', { timeoutMs: 60000, signal: abandon.signal }).catch((error) => error.code);
      process.stdout.write(String(outcome));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const hang = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    clearTimeout(hang);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(output).toBe('ECANCELLED');
  });

  it("with the run's cache, asks once per name: the first probe's answer is dns, the others share or reuse it", async () => {
    const web = await serveOnLoopback(
      createHttpServer((_request, response) => response.end('ok')),
      allocateLoopbackAddress(),
    );
    servers.push(web);
    const dns = await startDns({ 'cached.frontdoor.test': { a: [web.address] } });
    const resolver = cacheLookups(await resolverFor(dns), { ttlMs: Number.POSITIVE_INFINITY });
    const options = { ...(await createProbeOptions()), resolver };
    const url = `http://cached.frontdoor.test:${web.port}/`;
    const together = await Promise.all(Array.from({ length: 4 }, () => runProbe({ url }, options)));
    expect(together.map((observation) => observation.dns?.source).sort()).toEqual([
      'dns',
      'shared',
      'shared',
      'shared',
    ]);
    const later = await runProbe({ url }, options);
    expect(later.http?.status).toBe(200);
    expect(later.dns).toMatchObject({ source: 'cache', durationMs: 0 });
    expect(later.timings.dns).toBeUndefined();
    const first = together.find((observation) => observation.dns?.source === 'dns');
    expect(first?.timings.dns).toBeGreaterThan(0);
    expect(dns.questions.filter((question) => question.endsWith(' A'))).toEqual(['cached.frontdoor.test A']);
  });
});
