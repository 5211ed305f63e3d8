import { describe, expect, it } from 'vitest';
import { buildFailure, buildObservation } from '../diagnose/fixtures/build-observation.js';
import { buildTarget } from '../diagnose/fixtures/build-target.js';
import { FrontdoorError } from '../errors.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS, type ProbeOptions } from '../probe/probe-options.js';
import type { Sleep } from './clock.js';
import { createFakeClock } from './fake-clock.test-helper.js';
import { createFakeDeploy } from './fake-deploy.test-helper.js';
import { type GateOptions, runGate } from './run-gate.js';

const target = buildTarget({ hostname: 'shop.example.com' });
const probe = {
  timeouts: DEFAULT_TIMEOUTS,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  follow: 0,
} as unknown as ProbeOptions; // the fake probe functions never read the TLS settings

const passing = (request: ProbeRequest): ProbeObservation =>
  buildObservation({ url: request.url, status: 200, body: 'ok\n' });
const refused = (request: ProbeRequest): ProbeObservation =>
  buildObservation({ url: request.url, failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED') });

/** A fake clock whose sleeps also yield to the event loop, so watch loops and the deploy interleave. */
function yieldingClock() {
  const clock = createFakeClock(Date.UTC(2026, 10, 23, 9, 0, 0));
  const sleep: Sleep = async (ms, signal) => {
    await clock.sleep(ms, signal);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, sleep };
}

const passingBurst: NonNullable<GateOptions['burstFn']> = async (request, _options, size) =>
  Array.from({ length: size }, () => passing(request));

/** One target, bursts of 2 that pass, 200 ms between probes, on a fresh yielding clock; `overrides` win. */
function arrangeGate(overrides: Partial<GateOptions> = {}): GateOptions {
  return {
    targets: [target],
    probe,
    burst: 2,
    concurrency: 4,
    intervalMs: 200,
    ...yieldingClock(),
    burstFn: passingBurst,
    ...overrides,
  };
}

describe('runGate', () => {
  it('passes a healthy burst and fails a burst with failures, naming them', async () => {
    const healthy = await runGate(arrangeGate({ burst: 10 }));
    expect(healthy.gate).toMatchObject({ mode: 'burst', ok: true, reasons: [], rounds: 1, burst: 10 });
    expect(healthy.check.results[0]?.burst).toEqual({ size: 10, failed: 0 });

    const flapping = await runGate(
      arrangeGate({
        burst: 10,
        burstFn: async (request, _options, size) =>
          Array.from({ length: size }, (_, index) => (index % 5 === 4 ? refused(request) : passing(request))),
      }),
    );
    expect(flapping.gate.ok).toBe(false);
    expect(flapping.check.results[0]).toMatchObject({
      verdict: 'intermittent',
      burst: { size: 10, failed: 2 },
    });
    expect(flapping.gate.reasons).toEqual([
      'final check: 1 of 1 targets failed (shop.example.com via edge: intermittent)',
    ]);
  });

  it('measures the failure window while the deploy runs, then runs the final burst', async () => {
    const deploy = createFakeDeploy();
    let watched = 0;
    const result = await runGate(
      arrangeGate({
        burst: 3,
        deploy: { command: ['./deploy.sh'], spawn: deploy.spawn, output: () => {} },
        // probes 3-5 (at 400, 600 and 800 ms) are refused; the deploy ends after the 8th
        probeFn: async (request) => {
          watched += 1;
          if (watched === 8) deploy.finish({ kind: 'exited', code: 0 });
          return watched >= 3 && watched <= 5 ? refused(request) : passing(request);
        },
      }),
    );
    expect(result.gate.mode).toBe('during');
    expect(result.gate.deploy).toMatchObject({ command: ['./deploy.sh'], exitCode: 0, signal: null });
    expect(result.gate.deploy?.perTarget).toEqual([
      {
        id: 'shop:shop.example.com/health@edge',
        target: 'shop.example.com via edge',
        sent: 8,
        failed: 3,
        longestGapMs: 600,
        gapStartedAt: '2026-11-23T09:00:00.400Z',
        failedVerdicts: [{ verdict: 'connect_refused', count: 3 }],
        failsGate: true,
      },
    ]);
    expect(result.check.ok).toBe(true);
    expect(result.gate.ok).toBe(false);
    expect(result.gate.reasons).toEqual([
      'shop.example.com via edge: 3 of 8 requests failed during the deploy, longest gap 600 ms',
    ]);
  });

  it('stops watching when this machine runs out of sockets, lets the deploy end, then reports the error', async () => {
    const deploy = createFakeDeploy();
    let watched = 0;
    const run = runGate(
      arrangeGate({
        deploy: { command: ['./deploy.sh'], spawn: deploy.spawn, output: () => {} },
        probeFn: async (request) => {
          watched += 1;
          if (watched === 3) throw new FrontdoorError('FD_ERR_LOCAL_RESOURCE', 'connecting: EMFILE');
          return passing(request);
        },
      }),
    );
    // Several intervals pass after the failure: no rejection escapes meanwhile, and no probe is sent.
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(watched).toBe(3);
    deploy.finish({ kind: 'exited', code: 0 });
    await expect(run).rejects.toMatchObject({ code: 'FD_ERR_LOCAL_RESOURCE' });
  });

  it('tolerates a window within --allow-gap but still fails a failed deploy command', async () => {
    const deploy = createFakeDeploy();
    let watched = 0;
    const result = await runGate(
      arrangeGate({
        allowGapMs: 600,
        deploy: { command: ['./deploy.sh'], spawn: deploy.spawn, output: () => {} },
        probeFn: async (request) => {
          watched += 1;
          if (watched === 6) deploy.finish({ kind: 'exited', code: 4 });
          return watched === 2 || watched === 3 ? refused(request) : passing(request);
        },
      }),
    );
    expect(result.gate.deploy?.perTarget[0]).toMatchObject({
      failed: 2,
      longestGapMs: 400,
      failsGate: false,
    });
    expect(result.gate.reasons).toEqual(['deploy command failed with exit code 4']);
    expect(result.gate.allowGapMs).toBe(600);
  });

  it('stops the deploy and skips the final burst when interrupted', async () => {
    const deploy = createFakeDeploy();
    const interrupt = new AbortController();
    let bursts = 0;
    let watched = 0;
    const result = await runGate(
      arrangeGate({
        deploy: { command: ['./deploy.sh'], spawn: deploy.spawn, output: () => {} },
        signal: interrupt.signal,
        probeFn: async (request) => {
          watched += 1;
          if (watched === 3) interrupt.abort();
          return passing(request);
        },
        burstFn: async (request, _options, size) => {
          bursts += 1;
          return Array.from({ length: size }, () => passing(request));
        },
      }),
    );
    expect(deploy.signals).toEqual(['SIGTERM']);
    expect(bursts).toBe(0);
    expect(result.gate).toMatchObject({ ok: false, interrupted: true, rounds: 0 });
    expect(result.gate.deploy).toMatchObject({ signal: 'SIGTERM', interrupted: true });
    expect(result.gate.reasons[0]).toBe('interrupted before the gate could finish');
  });

  it('fails the gate when interrupted during the single final burst, which still completes', async () => {
    const interrupt = new AbortController();
    const result = await runGate(
      arrangeGate({
        signal: interrupt.signal,
        burstFn: async (request, _options, size) => {
          interrupt.abort();
          return Array.from({ length: size }, () => passing(request));
        },
      }),
    );
    expect(result.check.results[0]?.verdict).toBe('ok');
    expect(result.gate).toMatchObject({ mode: 'burst', ok: false, interrupted: true, rounds: 1 });
    expect(result.gate.reasons).toEqual(['interrupted before the gate could finish']);
  });

  it('treats a deploy command that cannot start as bad input', async () => {
    const deploy = createFakeDeploy();
    const running = runGate(
      arrangeGate({
        deploy: { command: ['./no-such-deploy'], spawn: deploy.spawn, output: () => {} },
        probeFn: async (request) => passing(request),
      }),
    );
    deploy.finish({ kind: 'failed_to_start', errorCode: 'ENOENT', detail: 'spawn ./no-such-deploy ENOENT' });
    const error = await running.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FrontdoorError);
    expect((error as FrontdoorError).code).toBe('FD_ERR_USAGE');
    expect((error as FrontdoorError).message).toBe(
      "frontdoor verify: --during: cannot run './no-such-deploy': spawn ./no-such-deploy ENOENT",
    );
  });

  it('retries rounds with --within until every target passed twice', async () => {
    let round = 0;
    const result = await runGate(
      arrangeGate({
        intervalMs: 1000,
        withinMs: 60_000,
        burstFn: async (request, _options, size) => {
          round += 1;
          return Array.from({ length: size }, () => (round === 1 ? refused(request) : passing(request)));
        },
      }),
    );
    expect(result.gate).toMatchObject({
      mode: 'within',
      ok: true,
      rounds: 3,
      settled: true,
      withinMs: 60_000,
    });
  });
});
