import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Target } from '../config/target.js';
import type { DiagnosisInput } from '../diagnose/diagnose.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { Diagnosis } from '../diagnose/verdict.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { CATCH_ALL_HOST } from './catch-all-cache.js';
import { type BurstFn, type CheckOptions, type ProbeFn, runCheck } from './run-check.js';

// The rules are DIAGNOSE's; here a stand-in judges by status alone so these tests pin down orchestration:
// what gets probed, how often, with what, and how the answers are put together.
const diagnoseCalls: DiagnosisInput[] = [];
vi.mock('../diagnose/diagnose.js', () => {
  const judge = (observations: DiagnosisInput['observations']): Diagnosis => {
    const failing = observations.filter((observation) => observation.http?.status !== 200);
    if (failing.length === 0) return { verdict: 'ok', layer: '-', summary: 'fine', evidence: [] };
    if (failing.length < observations.length) {
      return { verdict: 'intermittent', layer: 'app', summary: `${failing.length} failed`, evidence: [] };
    }
    return { verdict: 'app_error', layer: 'app', summary: 'broken', evidence: ['500'] };
  };
  return {
    // Stands in for "the catch-all comparison could change this verdict": any answer but a 200.
    findObservationNeedingCatchAll: (observations: ProbeObservation[], members: Diagnosis[]) =>
      observations.find(
        (observation, index) => observation.http !== undefined && members[index]?.verdict !== 'ok',
      ),
    diagnoseBurst: (input: DiagnosisInput) => {
      diagnoseCalls.push(input);
      return {
        diagnosis: judge(input.observations),
        members: input.observations.map((observation) => judge([observation])),
      };
    },
  };
});
vi.mock('../diagnose/correlate.js', () => ({
  correlate: (results: TargetResult[]) =>
    results.some((result) => result.verdict !== 'ok')
      ? [{ code: 'origin_partial', summary: 'some failed', targets: results.map((result) => result.target) }]
      : [],
}));

const probeOptions = { follow: 0, maxBodyBytes: 1024 } as unknown as ProbeOptions;

function target(name: string, url: string, connectTo?: Target['connectTo']): Target {
  const base: Target = {
    id: name,
    name,
    url,
    hostname: new URL(url).hostname,
    via: connectTo === undefined ? 'edge' : 'web1',
    method: 'GET',
    headers: { 'user-agent': 'frontdoor' },
    expect: { versionHeader: 'x-app-version' },
  };
  return connectTo === undefined ? base : { ...base, connectTo, origin: 'web1' };
}

function observe(request: ProbeRequest, status: number, total = 1): ProbeObservation {
  return {
    request,
    url: request.url,
    startedAt: '2024-01-01T00:00:00.000Z',
    redirects: [],
    timings: { total },
    http: {
      method: request.method ?? 'GET',
      path: new URL(request.url).pathname,
      hostHeader: request.hostHeader ?? new URL(request.url).host,
      status,
      statusText: '',
      httpVersion: '1.1',
      headers: {},
      ttfbMs: total,
      transferMs: 0,
      body: '',
      bodyBytes: 0,
      bodyTruncated: false,
    },
  };
}

function options(overrides: Partial<CheckOptions> = {}): CheckOptions {
  return { probe: probeOptions, burst: 1, concurrency: 4, catchAll: false, ...overrides };
}

beforeEach(() => {
  diagnoseCalls.length = 0;
});

describe('runCheck', () => {
  it('builds the probe request from the target and hands the probe options through', async () => {
    const seen: Array<[ProbeRequest, ProbeOptions]> = [];
    const probeFn: ProbeFn = async (request, probe) => {
      seen.push([request, probe]);
      return observe(request, 200);
    };
    const pinned = {
      ...target('a via web1', 'https://a.test/health', { host: '10.0.0.1', port: 8443 }),
      resolve: { 'a.test': '10.0.0.1' },
    };
    await runCheck([pinned], options({ probeFn }));
    expect(seen).toEqual([
      [
        {
          url: 'https://a.test/health',
          method: 'GET',
          headers: { 'user-agent': 'frontdoor' },
          connectTo: { host: '10.0.0.1', port: 8443 },
          resolve: { 'a.test': '10.0.0.1' },
        },
        probeOptions,
      ],
    ]);
  });

  it('keeps target order in results while onResult streams in completion order', async () => {
    const delays: Record<string, number> = {
      'https://a.test/': 30,
      'https://b.test/': 1,
      'https://c.test/': 15,
    };
    const probeFn: ProbeFn = async (request) => {
      await sleep(delays[request.url] ?? 0);
      return observe(request, 200);
    };
    const streamed: string[] = [];
    const report = await runCheck(
      [target('a', 'https://a.test/'), target('b', 'https://b.test/'), target('c', 'https://c.test/')],
      options({ probeFn, onResult: (result) => streamed.push(result.target) }),
    );
    expect(report.results.map((result) => result.target)).toEqual(['a', 'b', 'c']);
    expect(streamed).toEqual(['b', 'c', 'a']);
  });

  it('never has more targets in flight than the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const probeFn: ProbeFn = async (request) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(5);
      inFlight -= 1;
      return observe(request, 200);
    };
    const targets = Array.from({ length: 7 }, (_, index) => target(`t${index}`, `https://t${index}.test/`));
    const report = await runCheck(targets, options({ probeFn, concurrency: 2 }));
    expect(report.results).toHaveLength(7);
    expect(peak).toBe(2);
  });

  it('assembles the contract and correlates: ok only when every verdict is ok', async () => {
    const probeFn: ProbeFn = async (request) =>
      observe(request, request.url.includes('bad') ? 500 : 200, 7.5);
    const report = await runCheck(
      [target('good', 'https://good.test/'), target('bad via web1', 'https://bad.test/x', { host: '::1' })],
      options({ probeFn }),
    );
    expect(report.ok).toBe(false);
    expect(report.results[1]).toEqual({
      id: 'bad via web1',
      target: 'bad via web1',
      url: 'https://bad.test/x',
      connectTo: '[::1]:443',
      verdict: 'app_error',
      layer: 'app',
      summary: 'broken',
      evidence: ['500'],
      status: 500,
      httpVersion: '1.1',
      timings: { total: 7.5 },
      hostname: 'bad.test',
      via: 'web1',
      origin: 'web1',
    });
    expect(report.findings).toEqual([
      { code: 'origin_partial', summary: 'some failed', targets: ['good', 'bad via web1'] },
    ]);

    const allGood = await runCheck([target('good', 'https://good.test/')], options({ probeFn }));
    expect(allGood).toMatchObject({ ok: true, findings: [] });
  });

  it('bursts with the requested size and reports k of N failed, status and timings of the first failure', async () => {
    const burstSizes: number[] = [];
    const burstFn: BurstFn = async (request, _probe, size) => {
      burstSizes.push(size);
      return Array.from({ length: size }, (_, index) =>
        observe(request, index === 2 || index === 3 ? 500 : 200, 10 + index),
      );
    };
    const probeFn: ProbeFn = async () => {
      throw new Error('a burst must not fall back to single probes');
    };
    const report = await runCheck([target('a', 'https://a.test/')], options({ burst: 5, burstFn, probeFn }));
    expect(burstSizes).toEqual([5]);
    expect(report.results[0]).toMatchObject({
      verdict: 'intermittent',
      status: 500,
      timings: { total: 12 },
      burst: { size: 5, failed: 2 },
    });
  });

  it('reports the slowest probe of a burst that fully passed', async () => {
    const burstFn: BurstFn = async (request, _probe, size) =>
      Array.from({ length: size }, (_, index) => observe(request, 200, [3, 9, 4][index] ?? 1));
    const report = await runCheck([target('a', 'https://a.test/')], options({ burst: 3, burstFn }));
    expect(report.results[0]).toMatchObject({
      verdict: 'ok',
      timings: { total: 9 },
      burst: { size: 3, failed: 0 },
    });
  });

  it('asks the catch-all once per door, after the answer, and gives it to every target behind it', async () => {
    const requests: ProbeRequest[] = [];
    const probeFn: ProbeFn = async (request) => {
      requests.push(request);
      await sleep(2);
      return observe(
        request,
        request.hostHeader === CATCH_ALL_HOST || request.url.includes('/missing') ? 404 : 200,
      );
    };
    const web1 = { host: '10.0.0.1' };
    const targets = [
      target('a via web1', 'http://a.test/missing', web1),
      target('a again via web1', 'http://a.test/missing?again', { host: '10.0.0.1', port: 80 }),
      target('b via web1', 'http://b.test/missing', web1),
      target('a via web2', 'http://a.test/missing', { host: '10.0.0.2' }),
      target('a via edge', 'http://a.test/missing'),
    ];
    await runCheck(targets, options({ probeFn, catchAll: true, concurrency: 5 }));
    const catchAlls = requests.filter((request) => request.hostHeader === CATCH_ALL_HOST);
    expect(catchAlls.map((request) => request.connectTo?.host).sort()).toEqual(['10.0.0.1', '10.0.0.2']);
    // Each catch-all goes out after a target's own answer on that door, never before or beside it.
    for (const catchAll of catchAlls) {
      const first = requests.findIndex((request) => request.connectTo?.host === catchAll.connectTo?.host);
      expect(requests.indexOf(catchAll)).toBeGreaterThan(first);
    }
    const byTarget = new Map(diagnoseCalls.map((call) => [call.target.name, call.catchAll]));
    expect(byTarget.get('a via web1')?.request.hostHeader).toBe(CATCH_ALL_HOST);
    expect(byTarget.get('a again via web1')).toBe(byTarget.get('a via web1'));
    expect(byTarget.get('b via web1')).toBe(byTarget.get('a via web1'));
    expect(byTarget.get('a via web2')?.request.connectTo).toEqual({ host: '10.0.0.2' });
    expect(byTarget.has('a via edge')).toBe(true);
    expect(byTarget.get('a via edge')).toBeUndefined();
  });

  it('sends no catch-all probe for answers the comparison cannot change', async () => {
    const requests: ProbeRequest[] = [];
    const probeFn: ProbeFn = async (request) => {
      requests.push(request);
      return observe(request, 200);
    };
    const targets = Array.from({ length: 20 }, (_, n) =>
      target(`t${n}`, `http://t${n}.test/`, { host: '10.0.0.1' }),
    );
    await runCheck(targets, options({ probeFn, catchAll: true }));
    expect(requests.filter((request) => request.hostHeader === CATCH_ALL_HOST)).toEqual([]);
  });

  it('sends no catch-all probe for a target whose site turned it off', async () => {
    const requests: ProbeRequest[] = [];
    const probeFn: ProbeFn = async (request) => {
      requests.push(request);
      return observe(request, 404);
    };
    const off = { ...target('a via web1', 'http://a.test/', { host: '10.0.0.1' }), catchAll: false };
    await runCheck([off], options({ probeFn, catchAll: true }));
    expect(requests.map((request) => request.hostHeader)).toEqual([undefined]);
  });

  it('sends no catch-all probe when the option is off', async () => {
    const requests: ProbeRequest[] = [];
    const probeFn: ProbeFn = async (request) => {
      requests.push(request);
      return observe(request, 404);
    };
    await runCheck([target('a via web1', 'https://a.test/', { host: '10.0.0.1' })], options({ probeFn }));
    expect(requests.map((request) => request.hostHeader)).toEqual([undefined]);
    expect(diagnoseCalls.every((call) => !('catchAll' in call))).toBe(true);
  });
});
