import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetResult } from '../../../src/diagnose/target-result.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { type ServeProcess, spawnServe } from './serve-process.js';

// A configuration's own HTTP choice, end to end: each site's `http` offer and `expect.http_version` reach
// every probe of `check -c` and of the watch, bursts included. The broken origin refuses every HTTP/2
// stream and serves HTTP/1.1: a burst that fell back to the default offer or to HTTP/1.1 would pass there,
// so a burst judged http2_failure shows it spoke what the site chose.
const tools = requireTools(['nginx', 'openssl']);
const DOMAIN = 'frontdoor.test';
const [SHOP, LEGACY, MUST, BROKEN, WWW_BROKEN] = ['shop', 'legacy', 'must', 'broken', 'www.broken'].map(
  (name) => `${name}.${DOMAIN}`,
) as [string, string, string, string, string];

interface StoredRound {
  reason: string;
  result: TargetResult;
}

function readStoredRounds(path: string): StoredRound[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT reason, result FROM rounds ORDER BY at_ms').all() as Array<{
      reason: string;
      result: string;
    }>;
    return rows.map((row) => ({ reason: row.reason, result: JSON.parse(row.result) as TargetResult }));
  } finally {
    db.close();
  }
}

describe.skipIf(tools.skip)("a site's HTTP choice in check -c and in the watch, bursts included", () => {
  let ca: CertificateAuthority;
  let dir: string;
  let nginx: NginxServer | undefined;
  let configPath: string;
  const running: ServeProcess[] = [];

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-site-http-'));
    await chmod(dir, 0o755);
    const address = allocateLoopbackAddress();
    const [h2Port, h1OnlyPort, noStreamsPort] = [
      await findFreePort(address),
      await findFreePort(address),
      await findFreePort(address),
    ];
    const { certPath, keyPath } = await ca.issue({ names: [`*.${DOMAIN}`, WWW_BROKEN] });
    const tls = `ssl_certificate ${certPath}; ssl_certificate_key ${keyPath};`;
    const health = 'location = /health { return 200 "ok\\n"; }';
    nginx = await startNginx({
      httpBlock: `
        server { listen ${address}:${h2Port} ssl http2; server_name ${SHOP} ${LEGACY}; ${tls} ${health} }
        server { listen ${address}:${h1OnlyPort} ssl; server_name ${MUST}; ${tls} ${health} }
        server {
          listen ${address}:${noStreamsPort} ssl http2;
          server_name ${BROKEN} ${WWW_BROKEN};
          http2_max_concurrent_streams 0;
          ${tls}
          ${health}
        }`,
    });
    configPath = join(dir, 'frontdoor.yaml');
    await writeFile(
      configPath,
      [
        `ca: ${ca.caCertPath}`,
        `resolve: { ${SHOP}: ${address}, ${LEGACY}: ${address}, ${MUST}: ${address} }`,
        `origins: { web1: "${address}:${noStreamsPort}" }`,
        'watch: { interval: 500ms, burst: 1, timeout: 5s, concurrency: 8, origin_concurrency: 4 }',
        'sites:',
        `  shop: { url: "https://${SHOP}:${h2Port}/health" }`,
        `  legacy: { url: "https://${LEGACY}:${h2Port}/health", http: h1 }`,
        `  must: { url: "https://${MUST}:${h1OnlyPort}/health", expect: { http_version: 2 } }`,
        `  broken: { url: "https://${BROKEN}:${noStreamsPort}/health", aliases: [${WWW_BROKEN}], edge: false, origins: [web1] }`,
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    for (const serve of running.splice(0)) await serve.stop('SIGKILL');
  });
  afterAll(async () => {
    await nginx?.stop();
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('check -c --burst 3: every probe of a burst offers what its site says', async () => {
    const run = await runBuiltCli(['check', '-c', configPath, '--json', '--burst', '3'], { cwd: dir });
    const report = JSON.parse(run.stdout) as {
      results: TargetResult[];
      findings: Array<{ code: string; targets: string[] }>;
    };
    const byHost = new Map(report.results.map((result) => [result.hostname, result]));
    expect(byHost.get(SHOP)).toMatchObject({
      verdict: 'ok',
      httpVersion: '2',
      burst: { size: 3, failed: 0 },
    });
    expect(byHost.get(LEGACY)).toMatchObject({
      verdict: 'ok',
      httpVersion: '1.1',
      burst: { size: 3, failed: 0 },
    });
    expect(byHost.get(MUST)).toMatchObject({ verdict: 'http2_failure', httpVersion: '1.1' });
    for (const hostname of [BROKEN, WWW_BROKEN]) {
      expect(byHost.get(hostname)).toMatchObject({
        verdict: 'http2_failure',
        layer: 'http',
        via: 'web1',
        burst: { size: 3, failed: 3 },
        overHttp1: { verdict: 'ok', status: 200 },
      });
      expect(byHost.get(hostname)?.summary).toContain('while the same request over HTTP/1.1 passes');
    }
    expect(report.findings.find((finding) => finding.code === 'http2_only_failure')?.targets).toHaveLength(2);
    expect(run.code).toBe(1);

    const table = await runBuiltCli(['check', '-c', configPath], { cwd: dir });
    const row = (hostname: string) =>
      table.stdout.split('\n').find((line) => line.includes(` ${hostname} `)) ?? '';
    expect(row(SHOP)).toMatch(/^ok\s+-\s+200\s+2\s+/);
    expect(row(LEGACY)).toMatch(/^ok\s+-\s+200\s+1\.1\s+/);
  });

  it('serve: scheduled rounds and the confirmation burst speak what each site chose', async () => {
    const store = join(dir, 'watch.db');
    const listen = allocateLoopbackAddress();
    const serve = spawnServe(
      ['-c', configPath, '--store', `sqlite:${store}`, '--listen', `${listen}:${await findFreePort(listen)}`],
      dir,
    );
    running.push(serve);
    await serve.url();
    const confirmedFor = (rounds: StoredRound[], hostname: string) =>
      rounds.find((round) => round.reason === 'confirmation' && round.result.hostname === hostname);
    const rounds = await (async () => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const stored = readStoredRounds(store);
        const hosts = new Set(stored.map((round) => round.result.hostname));
        const done =
          [SHOP, LEGACY].every((hostname) => hosts.has(hostname)) &&
          [BROKEN, WWW_BROKEN, MUST].every((hostname) => confirmedFor(stored, hostname) !== undefined);
        if (done) return stored;
        if (Date.now() > deadline) throw new Error(`rounds not stored within 30 s: ${[...hosts].join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const scheduled = (hostname: string) =>
      rounds.filter((round) => round.reason === 'scheduled' && round.result.hostname === hostname);
    expect(scheduled(SHOP).map((round) => [round.result.verdict, round.result.httpVersion])).toContainEqual([
      'ok',
      '2',
    ]);
    expect(scheduled(LEGACY).map((round) => [round.result.verdict, round.result.httpVersion])).toContainEqual(
      ['ok', '1.1'],
    );
    expect(confirmedFor(rounds, MUST)?.result).toMatchObject({
      verdict: 'http2_failure',
      httpVersion: '1.1',
      burst: { size: 5, failed: 5 },
    });
    for (const hostname of [BROKEN, WWW_BROKEN]) {
      expect(scheduled(hostname)[0]?.result).toMatchObject({
        verdict: 'http2_failure',
        overHttp1: { verdict: 'ok' },
      });
      expect(confirmedFor(rounds, hostname)?.result).toMatchObject({
        verdict: 'http2_failure',
        burst: { size: 5, failed: 5 },
        overHttp1: { verdict: 'ok', status: 200 },
      });
    }
  });
});
