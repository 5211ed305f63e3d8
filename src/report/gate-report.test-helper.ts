import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { GateReport } from '../gate/gate-report.js';

/** A failed deploy gate: web1 passed, web2 served an old version and failed during the deploy. */
export function buildFailedGate(): GateReport {
  const ok = { ...buildResult('shop.test', 'web1', 'ok'), httpVersion: '2' };
  const stale = {
    ...buildResult('shop.test', 'web2', 'wrong_version'),
    summary: 'web2 serves version <1.9> & "old", expected 2.0',
    evidence: ['x-app-version: 1.9', 'body: a|b\u0000c'],
    timings: { total: 1236 },
    httpVersion: '1.1',
  };
  return {
    check: { ok: false, results: [ok, stale], findings: [] },
    gate: {
      mode: 'during',
      ok: false,
      reasons: ['final check: 1 of 2 targets failed (shop.test via web2: wrong_version)'],
      burst: 10,
      rounds: 1,
      interrupted: false,
      deploy: {
        command: ['./deploy.sh', '--env', 'prod'],
        exitCode: 0,
        signal: null,
        durationMs: 8000,
        interrupted: false,
        perTarget: [
          {
            id: ok.id,
            target: 'shop.test via web1',
            sent: 40,
            failed: 0,
            longestGapMs: 0,
            gapStartedAt: null,
            failedVerdicts: [],
            failsGate: false,
          },
          {
            id: stale.id,
            target: 'shop.test via web2',
            sent: 40,
            failed: 6,
            longestGapMs: 1200,
            gapStartedAt: '2026-11-23T09:00:01.400Z',
            failedVerdicts: [{ verdict: 'connect_refused', count: 6 }],
            failsGate: true,
          },
        ],
      },
    },
  };
}
