import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { requireTools } from '../lab/require-tools.js';
import { buildCli, expectOneLineUsageError, runBuiltCli } from './run-built-cli.js';
import { renderShopHttpBlock, writeShopConfig } from './shop-fixtures.js';

const CONTRACT_KEYS = 'target url connectTo verdict layer summary evidence status timings'.split(' ');

let workDir: string;

beforeAll(async () => {
  await buildCli();
  workDir = await mkdtemp(join(tmpdir(), 'frontdoor-check-cli-'));
}, 120_000);

afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

describe('frontdoor check: usage and configuration errors', () => {
  it('rejects a malformed URL', async () => {
    const line = expectOneLineUsageError(await runBuiltCli(['check', 'http://exa mple.test/']));
    expect(line).toContain('not a valid URL');
  });

  it('rejects an unsupported scheme', async () => {
    const line = expectOneLineUsageError(await runBuiltCli(['check', 'ftp://127.0.0.1/']));
    expect(line).toContain('ftp');
  });

  it('rejects an unknown flag, naming it', async () => {
    const line = expectOneLineUsageError(await runBuiltCli(['check', 'https://a.test/', '--frobnicate']));
    expect(line).toContain('--frobnicate');
  });

  it('rejects a bad flag value, naming the flag', async () => {
    const line = expectOneLineUsageError(await runBuiltCli(['check', 'https://a.test/', '--burst', 'many']));
    expect(line).toContain('--burst');
  });

  it('reports broken YAML with file:line:col', async () => {
    const path = join(workDir, 'broken.yaml');
    await writeFile(path, 'sites:\n  shop:\n    url: [https://a.test/\n    origins: web1\n');
    const line = expectOneLineUsageError(await runBuiltCli(['check', '-c', 'broken.yaml'], { cwd: workDir }));
    expect(line).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it('refuses a request header that would smuggle CR LF onto the wire, at its file:line:column', async () => {
    const path = join(workDir, 'injected.yaml');
    await writeFile(
      path,
      'sites:\n  shop:\n    url: http://a.test/\n    headers:\n      X-Token: "ok\\u010d\\u010aX-Injected: 1"\n',
    );
    const line = expectOneLineUsageError(
      await runBuiltCli(['check', '-c', 'injected.yaml'], { cwd: workDir }),
    );
    expect(line).toBe(
      'injected.yaml:5:16: sites.shop.headers.X-Token: header value: U+010D (character 3) does not fit in one byte: header values are sent as ASCII or Latin-1, and this one would be cut to another byte',
    );
  });

  it('reports a missing configuration file', async () => {
    const line = expectOneLineUsageError(
      await runBuiltCli(['check', '-c', 'nowhere.yaml'], { cwd: workDir }),
    );
    expect(line).toContain('nowhere.yaml');
  });

  it('reports an unreadable CA file', async () => {
    const address = allocateLoopbackAddress();
    const line = expectOneLineUsageError(
      await runBuiltCli(['check', `https://${address}/`, '--ca', 'missing-ca.pem'], { cwd: workDir }),
    );
    expect(line).toContain('missing-ca.pem');
  });

  it('prints help with every option and exits 0', async () => {
    const run = await runBuiltCli(['check', '--help']);
    expect(run.code).toBe(0);
    const flags = `--config --site --connect-to --resolve --burst --expect-status --expect-body --expect-header --expect-version --version-header --max-latency --ca --insecure --timeout --follow --concurrency --json --no-color --help`;
    for (const flag of flags.split(' ')) {
      expect(run.stdout).toContain(flag);
    }
  });
});

describe('frontdoor check: a shut front door', () => {
  it('exits 1 with connect_refused when nothing listens', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const run = await runBuiltCli(['check', `http://${address}:${port}/health`, '--json', '--timeout', '5s']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ verdict: 'connect_refused', layer: 'connect', status: null });
  });

  it('prints a table with the verdict and the count line without --json', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const run = await runBuiltCli(['check', `http://${address}:${port}/`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^connect_refused\s+connect\s+-/m);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 target: 0 ok, 1 failed');
  });

  it('with -v, shows each row its stable id, the one --json keys it by', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const urls = [`http://${address}:${port}/shop`, `http://${address}:${port}/api`];
    const table = await runBuiltCli(['check', ...urls, '-v', '--timeout', '5s']);
    const json = JSON.parse((await runBuiltCli(['check', ...urls, '--json', '--timeout', '5s'])).stdout);
    const ids = json.results.map((result: { id: string }) => result.id);
    expect(ids).toEqual([`${urls[0]}@dns`, `${urls[1]}@dns`]);
    const idLines = table.stdout.split('\n').filter((line) => line.startsWith('    id '));
    expect(idLines).toEqual(ids.map((id: string) => `    id ${id}`));
  });
});

const tools = requireTools(['nginx', 'openssl']);

describe.skipIf(tools.skip)('frontdoor check against nginx on loopback', () => {
  let ca: CertificateAuthority;
  const servers: NginxServer[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  /** One nginx serving the shop on each address; `routed` narrows the names a door routes (default: all). */
  async function serveShop(addresses: string[], names: string[], routed: string[][] = []): Promise<number[]> {
    const cert = await ca.issue({ names });
    const ports = await Promise.all(addresses.map((address) => findFreePort(address)));
    servers.push(
      await startNginx({ httpBlock: renderShopHttpBlock({ addresses, ports, cert, names, routed }) }),
    );
    return ports;
  }

  it('passes a healthy https site with --ca and prints the JSON contract', async () => {
    const address = allocateLoopbackAddress();
    const [port] = await serveShop([address], ['shop.test']);
    const url = `https://shop.test:${port}/health`;
    const run = await runBuiltCli([
      'check',
      url,
      '--resolve',
      `shop.test:${address}`,
      '--ca',
      ca.caCertPath,
      '--expect-body',
      'ok',
      '--expect-version',
      'v7',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['ok', 'results', 'findings']);
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([]);
    const [result] = report.results;
    expect(Object.keys(result).slice(0, CONTRACT_KEYS.length)).toEqual(CONTRACT_KEYS);
    expect(result).toMatchObject({
      target: url,
      url,
      connectTo: null,
      verdict: 'ok',
      layer: '-',
      status: 200,
    });
    expect(typeof result.summary).toBe('string');
    expect(Array.isArray(result.evidence)).toBe(true);
    expect(result.timings.total).toBeGreaterThan(0);
    expect(result.timings.tls).toBeGreaterThanOrEqual(0);
  });

  it('fails the certificate without --ca', async () => {
    const address = allocateLoopbackAddress();
    const [port] = await serveShop([address], ['shop.test']);
    const run = await runBuiltCli([
      'check',
      `https://shop.test:${port}/health`,
      '--resolve',
      `shop.test:${address}`,
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).results[0]).toMatchObject({
      verdict: 'tls_wrong_certificate',
      layer: 'tls',
    });
  });

  it('expands a site with two origins into edge and per-origin rows, and names the shut origin', async () => {
    const [edge, web1, web2] = [
      allocateLoopbackAddress(),
      allocateLoopbackAddress(),
      allocateLoopbackAddress(),
    ];
    const names = ['shop.test', 'shop.internal'];
    const [edgePort, web1Port] = await serveShop([edge, web1], names);
    const web2Port = await findFreePort(web2); // nothing listens on web2: its front door is shut
    await writeShopConfig(join(workDir, 'fleet.yaml'), {
      origins: { web1: `${web1}:${web1Port}`, web2: `${web2}:${web2Port}` },
      resolveTo: edge,
      url: `https://shop.test:${edgePort}/health`,
      aliases: ['shop.internal'],
      expect: '{ status: 200, body: "ok" }',
    });
    const run = await runBuiltCli(['check', '-c', 'fleet.yaml', '--ca', ca.caCertPath, '--json'], {
      cwd: workDir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const rows = report.results.map(
      (result: { target: string; connectTo: string | null; verdict: string }) => [
        result.target,
        result.connectTo,
        result.verdict,
      ],
    );
    expect(rows).toEqual([
      ['shop.test via edge', null, 'ok'],
      ['shop.internal via edge', null, 'ok'],
      ['shop.test via web1', `${web1}:${web1Port}`, 'ok'],
      ['shop.test via web2', `${web2}:${web2Port}`, 'connect_refused'],
      ['shop.internal via web1', `${web1}:${web1Port}`, 'ok'],
      ['shop.internal via web2', `${web2}:${web2Port}`, 'connect_refused'],
    ]);
    expect(report.results[3]).toMatchObject({
      site: 'shop',
      origin: 'web2',
      via: 'web2',
      hostname: 'shop.test',
    });
    expect(report.findings.length).toBeGreaterThan(0);
    const covered = report.findings.flatMap((finding: { targets: string[] }) => finding.targets);
    expect(covered).toContain('shop.test via web2');

    const siteOnly = await runBuiltCli(['check', '-c', 'fleet.yaml', '--site', 'nope', '--json'], {
      cwd: workDir,
    });
    expect(expectOneLineUsageError(siteOnly)).toContain('shop');
  });

  it('names a hostname an origin does not route, from the catch-all comparison (incident 001)', async () => {
    const [web1, web2] = [allocateLoopbackAddress(), allocateLoopbackAddress()];
    const names = ['shop.test', 'shop.internal'];
    // web2 was set up by the internal name only: the public name falls through to its default server.
    const [web1Port, web2Port] = await serveShop([web1, web2], names, [names, ['shop.internal']]);
    // The edge rows go to web1 too, through fixed answers.
    await writeShopConfig(join(workDir, 'bindings.yaml'), {
      origins: { web1: `${web1}:${web1Port}`, web2: `${web2}:${web2Port}` },
      resolveTo: web1,
      url: `https://shop.test:${web1Port}/health`,
      aliases: ['shop.internal'],
    });
    const run = await runBuiltCli(
      ['check', '-c', 'bindings.yaml', '--ca', ca.caCertPath, '--json', '--timeout', '5s'],
      {
        cwd: workDir,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const pinned = report.results.filter((result: { via: string }) => result.via !== 'edge');
    expect(
      pinned.map((result: { target: string; verdict: string; status: number }) => [
        result.target,
        result.verdict,
        result.status,
      ]),
    ).toEqual([
      ['shop.test via web1', 'ok', 200],
      ['shop.test via web2', 'host_not_routed', 400],
      ['shop.internal via web1', 'ok', 200],
      ['shop.internal via web2', 'ok', 200],
    ]);
    const binding = report.findings.find(
      (finding: { code: string }) => finding.code === 'host_binding_missing',
    );
    expect(binding?.targets).toContain('shop.test via web2');
  });

  it('pins a URL to [::1] with --connect-to and bursts on fresh connections', async () => {
    const [port] = await serveShop(['::1'], ['shop.test']);
    const url = `https://shop.test:${port}/health`;
    const run = await runBuiltCli([
      'check',
      url,
      '--connect-to',
      `[::1]:${port}`,
      '--ca',
      ca.caCertPath,
      '--burst',
      '4',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [result] = JSON.parse(run.stdout).results;
    expect(result).toMatchObject({
      target: `${url} via [::1]:${port}`,
      connectTo: `[::1]:${port}`,
      verdict: 'ok',
      status: 200,
      burst: { size: 4, failed: 0 },
    });
  });
});
