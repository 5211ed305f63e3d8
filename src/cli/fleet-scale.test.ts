import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATCH_ALL_HOST } from '../check/catch-all-cache.js';
import { type ProbeFn, runCheck } from '../check/run-check.js';
import { buildCertificate, buildObservation } from '../diagnose/fixtures/build-observation.js';
import type { HostResolver } from '../probe/host-resolver.js';
import type { ProbeRequest } from '../probe/observation.js';
import { resolveAddresses } from '../probe/resolve-addresses.js';
import { renderJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import type { CommandIo } from './command.js';
import { parseCheckArgs } from './parse-check-args.js';
import { prepareProbing } from './prepare-probing.js';

// A fleet-sized configuration end to end, from the file to both reports, with a fake probe that counts
// what it is asked and answers like one nginx would: no network, no timing assertions. What it guards is
// the shape of the work: one resolve map shared by every request (never a copy per target), one
// catch-all request for the whole door, no system DNS lookups for names the map answers.
const SITES = 9_000;
const ALIASES = 1_000;
const ORIGIN = '10.0.0.11';
const CERTIFICATE = buildCertificate('*.fleet.test', { subjectAltNames: ['DNS:*.fleet.test'] });

function writeConfig(): string {
  const lines = [`origins: { web1: ${ORIGIN} }`, 'resolve:'];
  // Mixed case on purpose: probes ask lower-case names, so every lookup goes through the case-blind index.
  for (let n = 0; n < SITES; n += 1) lines.push(`  S${n}.Fleet.test: 10.0.0.10`);
  lines.push('  big.fleet.test: 10.0.0.10');
  for (let n = 0; n < ALIASES; n += 1) lines.push(`  a${n}.big.fleet.test: 10.0.0.10`);
  lines.push('sites:');
  for (let n = 0; n < SITES; n += 1) {
    lines.push(`  s${n}: { url: "https://s${n}.fleet.test/health", origins: [web1], expect: { body: ok } }`);
  }
  const aliases = Array.from({ length: ALIASES }, (_, n) => `a${n}.big.fleet.test`).join(', ');
  lines.push(
    `  big: { url: "https://big.fleet.test/", aliases: [${aliases}], origins: [web1], expect: { body: ok } }`,
  );
  return `${lines.join('\n')}\n`;
}

/** web1 does not route every tenth sN nor the odd aliases of big: its default server answers those. */
function isRouted(request: ProbeRequest): boolean {
  if (request.hostHeader === CATCH_ALL_HOST) return false;
  if (request.connectTo === undefined) return true;
  const host = new URL(request.url).hostname;
  const site = /^s(\d+)\./.exec(host);
  if (site !== null) return Number(site[1]) % 10 !== 0;
  const alias = /^a(\d+)\./.exec(host);
  return alias === null || Number(alias[1]) % 2 === 0;
}

describe('a 20,002-target configuration, from file to report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-fleet-'));
    await writeFile(join(dir, 'fleet.yaml'), writeConfig());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('probes every target once, shares one resolve map, asks the catch-all once and reports every result', async () => {
    const io = { cwd: dir, env: {} } as unknown as CommandIo;
    const args = parseCheckArgs(['-c', 'fleet.yaml', '--resolve', 'extra.fleet.test:10.0.0.9']);
    const { targets, probe } = await prepareProbing('check', args, io);
    expect(targets).toHaveLength(2 * (SITES + ALIASES + 1));

    const requests: ProbeRequest[] = [];
    let systemLookups = 0;
    const refuseLookups: HostResolver = async () => {
      systemLookups += 1;
      return { addresses: [], source: 'dns' };
    };
    const limit = { ms: 1000, timeoutCode: 'dns_timeout' } as const;
    const probeFn: ProbeFn = async (request) => {
      requests.push(request);
      const url = new URL(request.url);
      const query = { hostname: url.hostname, connectTo: request.connectTo, resolve: request.resolve };
      const { dns } = await resolveAddresses(query, refuseLookups, limit);
      const routed = isRouted(request);
      const observation = buildObservation({
        url: request.url,
        ...(request.connectTo === undefined ? {} : { connectTo: request.connectTo }),
        address: dns?.addresses[0]?.address ?? 'unresolved',
        hostHeader: request.hostHeader ?? url.host,
        status: routed ? 200 : 404,
        headers: { server: 'nginx' },
        body: routed ? 'ok' : 'not routed',
        certificate: CERTIFICATE,
      });
      return { ...observation, request };
    };
    const report = await runCheck(targets, { probe, burst: 1, concurrency: 16, catchAll: true, probeFn });

    const catchAlls = requests.filter((request) => request.hostHeader === CATCH_ALL_HOST);
    expect(catchAlls).toHaveLength(1);
    expect(requests).toHaveLength(targets.length + 1);
    expect(systemLookups).toBe(0);
    // Two maps for the whole run: the file's merged with --resolve (edge targets), --resolve alone (pinned).
    const maps = new Set(requests.map((request) => request.resolve));
    expect(maps.size).toBe(2);
    expect([...maps].map((map) => Object.keys(map ?? {}).length).sort((a, b) => a - b)).toEqual([
      1,
      SITES + ALIASES + 2,
    ]);

    const verdicts = new Map<string, number>();
    for (const result of report.results)
      verdicts.set(result.verdict, (verdicts.get(result.verdict) ?? 0) + 1);
    const unrouted = SITES / 10 + ALIASES / 2;
    // The default server's 404 is also the catch-all's: judged on its own (a single-site box answers every
    // Host alike), marked as the catch-all's answer, and named by the finding where the site has a routed
    // hostname on the origin.
    expect(Object.fromEntries(verdicts)).toEqual({ ok: targets.length - unrouted, client_error: unrouted });
    expect(report.results.filter((result) => result.sameAsCatchAll === true)).toHaveLength(unrouted);
    expect(report.findings.map((finding) => [finding.code, finding.targets.length])).toEqual([
      ['host_binding_missing', ALIASES + 1],
    ]);

    const table = renderTable(report, { color: false });
    expect(table.split('\n').filter((line) => line.startsWith('client_error'))).toHaveLength(unrouted);
    expect(JSON.parse(renderJson(report)).results).toHaveLength(targets.length);
    // Counts, not seconds, are the assertion; the bound only keeps a loaded CI machine from failing it.
  }, 60_000);
});
