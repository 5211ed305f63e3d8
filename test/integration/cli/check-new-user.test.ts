// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configuration text holds ${VAR} references
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { type EdgeEmulator, startEdgeEmulator } from '../../../src/lab/edge-emulator.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, expectOneLineUsageError, runBuiltCli } from './run-built-cli.js';

/*
 * What an SRE adopting frontdoor meets in the first hour (issue 12), each against a real server on loopback:
 * verdicts that must not mislead, and messages that must say what to do.
 */

let workDir: string;
const servers: ServedServer[] = [];

beforeAll(async () => {
  await buildCli();
  workDir = await mkdtemp(join(tmpdir(), 'frontdoor-new-user-'));
}, 120_000);
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<ServedServer> {
  const served = await serveOnLoopback(createHttpServer(handler), allocateLoopbackAddress());
  servers.push(served);
  return served;
}

/** Runs `frontdoor check` with a configuration written to the work dir and returns the parsed JSON report. */
async function checkConfig(yaml: string, extra: string[] = [], env: Record<string, string> = {}) {
  const path = join(workDir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(path, yaml);
  const run = await runBuiltCli(['check', '-c', path, '--json', '--timeout', '5s', ...extra], { env });
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) };
}

/** A one-site configuration pinned to one origin; the edge row (if any) goes to the same address. */
function siteOn(server: ServedServer, site: string[], hostnames = ['shop.test']): string {
  return [
    `origins: { web1: "${server.address}:${server.port}" }`,
    `resolve: { ${hostnames.map((name) => `${name}: ${server.address}`).join(', ')} }`,
    'sites:',
    '  shop:',
    `    url: http://${hostnames[0]}:${server.port}/health`,
    ...(hostnames.length > 1 ? [`    aliases: [${hostnames.slice(1).join(', ')}]`] : []),
    '    origins: [web1]',
    ...site.map((line) => `    ${line}`),
    '',
  ].join('\n');
}

describe('messages a new user meets', () => {
  it.each([
    [
      ['--timeout', '10'],
      "frontdoor check: --timeout: '10' has no unit: write 10s for seconds or 10ms for milliseconds",
    ],
    [['--timeout', '-5s'], "frontdoor check: --timeout: '-5s' must be longer than zero"],
    [['--timeout', '25d'], "frontdoor check: --timeout: '25d' is too long (at most 24 days, 24d)"],
  ])('check %j says what is wrong with the value', async (flags, line) => {
    expect(expectOneLineUsageError(await runBuiltCli(['check', 'http://127.0.0.1:8080/', ...flags]))).toBe(
      line,
    );
  });

  it('refuses port 0 in a URL', async () => {
    const line = expectOneLineUsageError(await runBuiltCli(['check', 'http://127.0.0.1:0/health']));
    expect(line).toBe(
      'frontdoor check: port 0 in "http://127.0.0.1:0/health" is not a port a server listens on (1-65535)',
    );
  });

  it('verify --during without -- says where the deploy command goes', async () => {
    const line = expectOneLineUsageError(
      await runBuiltCli(['verify', 'http://127.0.0.1:8080/', '--during', 'sleep', '1']),
    );
    expect(line).toBe(
      "frontdoor verify: --during takes the deploy command after '--' (everything after it is the command): --during -- sleep 1",
    );
  });

  it('names the command and the system error in words for a missing configuration', async () => {
    const line = expectOneLineUsageError(
      await runBuiltCli(['check', '-c', 'nowhere.yaml'], { cwd: workDir }),
    );
    expect(line).toBe(
      'frontdoor check: cannot read configuration nowhere.yaml: no such file or directory (ENOENT)',
    );
  });

  it('reads -c - from standard input and names <stdin> in its errors', async () => {
    const bad = await runBuiltCli(['check', '-c', '-'], { stdin: 'origins:\n  web1: 10.0.0.999\n' });
    expect(expectOneLineUsageError(bad)).toBe(
      "<stdin>:2:9: origins.web1: '10.0.0.999' is not an address[:port]",
    );
  });

  it('names an unset ${VAR} at its line and column', async () => {
    const path = join(workDir, 'secret.yaml');
    await writeFile(
      path,
      'sites:\n  shop:\n    url: https://shop.test/health\n    headers: { Authorization: "Bearer ${FD_TEST_TOKEN}" }\n',
    );
    const line = expectOneLineUsageError(await runBuiltCli(['check', '-c', path]));
    expect(line).toMatch(
      /secret\.yaml:4:39: sites\.shop\.headers\.Authorization: environment variable FD_TEST_TOKEN is not set/,
    );
  });
});

describe('requests and body checks against a real app', () => {
  it('sends the configured method, body and a header from the environment; checks JSON and a pattern', async () => {
    const seen: Array<{
      method: string;
      body: string;
      auth: string | undefined;
      length: string | undefined;
    }> = [];
    const app = await serve((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          body,
          auth: req.headers.authorization,
          length: req.headers['content-length'],
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'degraded', checks: [{ name: 'db', ok: true }] }));
      });
    });
    const yaml = siteOn(app, [
      `request_body: '{"ping":1}'`,
      'headers: { Authorization: "Bearer ${FD_TEST_TOKEN}" }',
      'edge: false',
      'expect:',
      `  body_regex: '"status":"(ok|degraded)"'`,
      '  json: { "$.checks[0].ok": true }',
    ]);
    const passing = await checkConfig(yaml, [], { FD_TEST_TOKEN: 's3cr3t' });
    expect(
      passing.report.results.map((result: { target: string; verdict: string }) => [
        result.target,
        result.verdict,
      ]),
    ).toEqual([['shop.test via web1', 'ok']]);
    // The catch-all probe is a bodiless GET; the site's own request is the POST with its body.
    expect(seen).toContainEqual({ method: 'POST', body: '{"ping":1}', auth: 'Bearer s3cr3t', length: '10' });

    const failing = await checkConfig(yaml, ['--expect-json', '$.status=ok'], { FD_TEST_TOKEN: 's3cr3t' });
    expect(failing.code).toBe(1);
    expect(failing.report.results[0]).toMatchObject({ verdict: 'unexpected_content' });
    expect(failing.report.results[0].summary).toContain('json $.status is "degraded", expected "ok"');
  });

  it('judges the answer of an app that answers every Host alike, instead of blaming routing', async () => {
    const app = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('down for maintenance\n');
    });
    const { report } = await checkConfig(siteOn(app, ['expect: { body: ok }']));
    const direct = report.results.find((result: { via: string }) => result.via === 'web1');
    expect(direct).toMatchObject({ verdict: 'unexpected_content', sameAsCatchAll: true });
    expect(direct.summary).not.toContain('does not route');
    expect(report.findings.map((finding: { code: string }) => finding.code)).not.toContain(
      'host_binding_missing',
    );
  });

  it('labels a URL from the command line by the address it reached, not as the edge', async () => {
    const app = await serve((_req, res) => {
      res.writeHead(404);
      res.end('nope');
    });
    const url = `http://${app.address}:${app.port}/health`;
    const run = await runBuiltCli(['check', url, '--json']);
    const [result] = JSON.parse(run.stdout).results;
    expect(result).toMatchObject({ verdict: 'client_error', via: 'dns' });
    expect(result.summary).toContain(`on ${app.address}:${app.port} answered 404`);
    expect(result.summary).not.toMatch(/the edge|the server/);
  });
});

describe('a whole deadline that runs out', () => {
  it('names the deadline and blames the phase that used it up', async () => {
    const silent = createNetServer((socket) => {
      socket.on('error', () => undefined);
    });
    const served = await serveOnLoopback(silent, allocateLoopbackAddress());
    servers.push(served);
    const run = await runBuiltCli([
      'check',
      `http://${served.address}:${served.port}/`,
      '--json',
      '--timeout',
      '300ms',
    ]);
    const [result] = JSON.parse(run.stdout).results;
    expect(result.verdict).toBe('response_timeout');
    expect(result.summary).toMatch(
      /^the probe's whole deadline \(300 ms\) ran out during waiting for the response/,
    );
  });
});

const tlsTools = requireTools(['openssl']);

describe.skipIf(tlsTools.skip)('certificates', () => {
  let ca: CertificateAuthority;
  beforeAll(async () => {
    ca = await createCertificateAuthority({ commonName: 'frontdoor new-user CA' });
  });
  afterAll(async () => {
    await ca?.dispose();
  });

  async function serveHttps(notAfter?: Date): Promise<ServedServer> {
    const issued = await ca.issue({ names: ['shop.test'], ...(notAfter === undefined ? {} : { notAfter }) });
    const [cert, key] = await Promise.all([readFile(issued.certPath), readFile(issued.keyPath)]);
    const server = createHttpsServer({ cert, key }, (_req, res) => res.end('ok'));
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    return served;
  }

  it('calls a private-CA certificate with the right names untrusted, names its issuer and points at --ca', async () => {
    const served = await serveHttps();
    const run = await runBuiltCli([
      'check',
      `https://shop.test:${served.port}/`,
      '--resolve',
      `shop.test:${served.address}`,
      '--json',
    ]);
    const [result] = JSON.parse(run.stdout).results;
    expect(result.verdict).toBe('tls_wrong_certificate');
    expect(result.summary).toContain(
      'is untrusted: its names cover shop.test, but its issuer (CN=frontdoor new-user CA)',
    );
    expect(result.summary).toContain('--ca FILE');
    expect(result.summary).not.toContain('wrong process');
    expect(result.certificate).toMatchObject({ trusted: false, coversName: true, chainLength: 1 });
  });

  it('fails a certificate expiring within cert_min_days as tls_expiring, with its fields in JSON', async () => {
    const served = await serveHttps(new Date(Date.now() + 5 * 86_400_000 + 3_600_000));
    const args = ['check', `https://shop.test:${served.port}/`, '--resolve', `shop.test:${served.address}`];
    const run = await runBuiltCli([...args, '--ca', ca.caCertPath, '--json']);
    expect(run.code).toBe(1);
    const [result] = JSON.parse(run.stdout).results;
    expect(result.verdict).toBe('tls_expiring');
    expect(result.summary).toMatch(
      /^the certificate for shop\.test on .* expires in 5 days \(.+\), within the 14 days asked for/,
    );
    expect(result.certificate).toMatchObject({
      subject: 'CN=shop.test',
      subjectAltNames: ['shop.test'],
      issuer: 'CN=frontdoor new-user CA',
      daysLeft: 5,
      trusted: true,
      coversName: true,
      chainLength: 1,
    });
    const relaxed = await runBuiltCli([...args, '--ca', ca.caCertPath, '--cert-min-days', '3', '--json']);
    expect(JSON.parse(relaxed.stdout).results[0].verdict).toBe('ok');
  });
});

const nginxTools = requireTools(['nginx']);

describe.skipIf(nginxTools.skip)('the catch-all comparison against a real nginx', () => {
  const nginxes: NginxServer[] = [];
  afterEach(async () => {
    await Promise.all(nginxes.splice(0).map((nginx) => nginx.stop()));
  });

  async function nginxWith(server: (address: string, port: number) => string) {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    nginxes.push(await startNginx({ httpBlock: server(address, port) }));
    return { address, port, close: async () => undefined, remotePorts: [] } satisfies ServedServer;
  }

  it('one server block that answers 404: the answer is judged, not routing', async () => {
    const door = await nginxWith(
      (address, port) =>
        `server { listen ${address}:${port}; server_name shop.test; location / { return 404; } }`,
    );
    const { report } = await checkConfig(siteOn(door, ['edge: false']));
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ verdict: 'client_error', status: 404, sameAsCatchAll: true });
    expect(report.results[0].summary).not.toContain('server_name');
    expect(report.findings).toEqual([]);
  });

  it('a default server beside the site: the hostname it lacks is named in host_binding_missing', async () => {
    const door = await nginxWith(
      (address, port) => `
      server { listen ${address}:${port} default_server; location / { return 404; } }
      server { listen ${address}:${port}; server_name shop.internal; location = /health { return 200 "ok\\n"; } }`,
    );
    const { report } = await checkConfig(siteOn(door, ['edge: false'], ['shop.test', 'shop.internal']));
    expect(
      report.results.map((result: { target: string; verdict: string }) => [result.target, result.verdict]),
    ).toEqual([
      ['shop.test via web1', 'client_error'],
      ['shop.internal via web1', 'ok'],
    ]);
    expect(
      report.findings.map((finding: { code: string; summary: string }) => [finding.code, finding.summary]),
    ).toEqual([
      [
        'host_binding_missing',
        'web1 routes shop.internal but not shop.test (site shop): add a binding/server_name for shop.test on web1',
      ],
    ]);
  });
});

describe("a CDN's block pages, served by the lab edge", () => {
  let edge: EdgeEmulator;
  afterEach(async () => {
    await edge?.close();
  });

  it.each([
    ['firewall', '1020: access denied by a firewall rule'],
    ['challenge', 'challenge: a challenge page (bot check) was served'],
  ] as const)('the %s page is edge_blocked, not client_error', async (page, meaning) => {
    edge = await startEdgeEmulator({ routes: { 'shop.test': { kind: 'block', page } } });
    const yaml = [
      `resolve: { shop.test: ${edge.address} }`,
      'sites:',
      `  shop: { url: "http://shop.test:${edge.port}/health" }`,
      '',
    ].join('\n');
    const { report } = await checkConfig(yaml);
    expect(report.results[0]).toMatchObject({ verdict: 'edge_blocked', status: 403, layer: 'edge' });
    expect(report.results[0].summary).toContain(
      `Cloudflare blocked the request for shop.test itself (${meaning}`,
    );
  });
});
