import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { requireTools } from '../lab/require-tools.js';
import { buildCli, runBuiltCli } from './run-built-cli.js';

const tools = requireTools(['nginx', 'openssl']);
const CATCH_ALL_HOST = 'frontdoor-catch-all.invalid';
// a.test is healthy; b.test is routed but its app answers 404; u1-u3 are routed nowhere, so the default
// server answers them (and over https presents its certificate to them, as nginx does for unknown SNIs).
const NAMES = ['a.test', 'b.test', 'u1.test', 'u2.test', 'u3.test'];

interface Door {
  scheme: 'http' | 'https';
  port: number;
}

describe.skipIf(tools.skip)('check: the catch-all probe against nginx', () => {
  let ca: CertificateAuthority;
  let dir: string;
  let nginx: NginxServer | undefined;
  let address: string;
  let https: Door;
  let http: Door;
  let hostLog: string;

  beforeAll(async () => {
    await buildCli();
    ca = await createCertificateAuthority();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-catch-all-'));
    hostLog = join(dir, 'hosts.log');
    address = allocateLoopbackAddress();
    https = { scheme: 'https', port: await findFreePort(address) };
    http = { scheme: 'http', port: await findFreePort(address) };
    const [fallback, certA, certB] = await Promise.all([
      // The default server's certificate covers the unrouted names, as a fleet's shared certificate would.
      ca.issue({ names: ['u1.test', 'u2.test', 'u3.test'] }),
      ca.issue({ names: ['a.test'] }),
      ca.issue({ names: ['b.test'] }),
    ]);
    const tls = (cert: { certPath: string; keyPath: string }) =>
      `ssl_certificate ${cert.certPath}; ssl_certificate_key ${cert.keyPath};`;
    nginx = await startNginx({
      httpBlock: `
        log_format hosts '$server_port $http_host';
        access_log ${hostLog} hosts;
        server { listen ${address}:${https.port} ssl default_server; ${tls(fallback)} return 404 "no such site\\n"; }
        server { listen ${address}:${https.port} ssl; server_name a.test; ${tls(certA)} return 200 "ok\\n"; }
        server { listen ${address}:${https.port} ssl; server_name b.test; ${tls(certB)} return 404 "app says no\\n"; }
        server { listen ${address}:${http.port} default_server; return 404 "no such site\\n"; }
        server { listen ${address}:${http.port}; server_name a.test; return 200 "ok\\n"; }
        server { listen ${address}:${http.port}; server_name b.test; return 404 "app says no\\n"; }`,
    });
  });
  afterAll(async () => {
    await nginx?.stop();
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(door: Door, extra: { top?: string; offSite?: string } = {}): Promise<string> {
    const path = join(dir, `${door.scheme}-${extra.top ?? ''}-${extra.offSite ?? ''}.yaml`);
    const lines = [
      `ca: ${ca.caCertPath}`,
      ...(extra.top === undefined ? [] : [extra.top]),
      `origins: { web1: "${address}" }`,
      'sites:',
      ...NAMES.map(
        (name) =>
          `  ${name.split('.')[0]}: { url: "${door.scheme}://${name}:${door.port}/health", origins: [web1], expect: { body: ok }${name === extra.offSite ? ', catch_all: false' : ''} }`,
      ),
    ];
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  }

  /** Runs `check -c` on only the pinned targets' door and counts the catch-all requests nginx received. */
  async function check(door: Door, config: string, flags: string[] = []) {
    const before = await readHostLog();
    const run = await runBuiltCli(['check', '-c', config, '--json', ...flags]);
    // nginx writes the log line after the response; the CLI has exited, so give the worker a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = (await readHostLog()).slice(before.length);
    const catchAlls = lines.filter((line) => line === `${door.port} ${CATCH_ALL_HOST}`);
    const report = JSON.parse(run.stdout) as {
      results: Array<{ target: string; verdict: string; sameAsCatchAll?: boolean }>;
    };
    const pinned = report.results.filter((r) => r.target.endsWith('via web1'));
    const verdicts = Object.fromEntries(pinned.map((r) => [r.target.split(' ')[0], r.verdict]));
    const echoed = pinned.filter((r) => r.sameAsCatchAll === true).map((r) => r.target.split(' ')[0]);
    return { catchAlls: catchAlls.length, verdicts, echoed, code: run.code };
  }

  async function readHostLog(): Promise<string[]> {
    return (await readFile(hostLog, 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
  }

  // The default server's 404 is no stock page, so each answer is judged on its own (client_error); the
  // catch-all comparison marks the three that got the default server's answer, and not b.test's own 404.
  const expected = {
    'a.test': 'ok',
    'b.test': 'client_error',
    'u1.test': 'client_error',
    'u2.test': 'client_error',
    'u3.test': 'client_error',
  };
  const unrouted = ['u1.test', 'u2.test', 'u3.test'];

  it('over http asks the door once for every hostname that needs the comparison', async () => {
    const outcome = await check(http, await writeConfig(http));
    expect(outcome).toMatchObject({ code: 1, catchAlls: 1, verdicts: expected, echoed: unrouted });
  });

  it('over https asks the door once, and compares the names served the certificate of its default server', async () => {
    // u1-u3 got the default server's certificate, as the catch-all (SNI frontdoor-catch-all.invalid) does;
    // b.test its own, so its SNI picked a TLS host and the default server's answer says nothing about it.
    const outcome = await check(https, await writeConfig(https));
    expect(outcome).toMatchObject({ code: 1, catchAlls: 1, verdicts: expected, echoed: unrouted });
  });

  it('sends none with --no-catch-all or catch_all: false at the top, and skips a site that opts out', async () => {
    expect(await check(http, await writeConfig(http), ['--no-catch-all'])).toMatchObject({
      catchAlls: 0,
      verdicts: expected,
      echoed: [],
    });
    expect(await check(http, await writeConfig(http, { top: 'catch_all: false' }))).toMatchObject({
      catchAlls: 0,
      verdicts: expected,
      echoed: [],
    });
    const optedOut = await check(https, await writeConfig(https, { offSite: 'u1.test' }));
    expect(optedOut).toMatchObject({ catchAlls: 1, verdicts: expected, echoed: ['u2.test', 'u3.test'] });
  });
});
