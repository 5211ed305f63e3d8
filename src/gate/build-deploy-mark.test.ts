import { describe, expect, it } from 'vitest';
import type { Target } from '../config/target.js';
import { DEPLOY_MARK_MAX_TARGETS, deployMarkSchema } from '../incidents/deploy-mark.js';
import { buildFailedGate } from '../report/gate-report.test-helper.js';
import { buildDeployMark } from './build-deploy-mark.js';
import type { GateReport } from './gate-report.js';

function target(via: string, hostname = 'shop.test'): Target {
  return {
    id: `shop:${hostname}/health@${via}`,
    name: `${hostname} via ${via}`,
    url: `https://${hostname}/health`,
    hostname,
    via,
    site: 'shop',
    ...(via === 'edge' ? {} : { origin: via }),
    method: 'GET',
    headers: {},
    expect: { versionHeader: 'x-app-version' },
  };
}

const START = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('buildDeployMark', () => {
  it('joins each target’s final verdict and measured gap by its id', () => {
    const mark = buildDeployMark({
      report: buildFailedGate(),
      targets: [target('web1'), target('web2')],
      version: '2.0',
      startedAtMs: START,
      endedAtMs: START + 72_000,
    });
    expect(deployMarkSchema.parse(mark)).toEqual(mark);
    expect(mark).toEqual({
      version: '2.0',
      result: 'failed',
      reasons: ['final check: 1 of 2 targets failed (shop.test via web2: wrong_version)'],
      mode: 'during',
      startedAt: '2026-11-23T09:00:00.000Z',
      endedAt: '2026-11-23T09:01:12.000Z',
      interrupted: false,
      deploy: { exitCode: 0, signal: null, durationMs: 8000 },
      origins: ['web1', 'web2'],
      targetCount: 2,
      failedCount: 1,
      targets: [
        {
          id: 'shop:shop.test/health@web1',
          target: 'shop.test via web1',
          via: 'web1',
          origin: 'web1',
          verdict: 'ok',
          gap: { sent: 40, failed: 0, longestGapMs: 0, gapStartedAt: null },
        },
        {
          id: 'shop:shop.test/health@web2',
          target: 'shop.test via web2',
          via: 'web2',
          origin: 'web2',
          verdict: 'wrong_version',
          gap: { sent: 40, failed: 6, longestGapMs: 1200, gapStartedAt: '2026-11-23T09:00:01.400Z' },
        },
      ],
      targetsTruncated: false,
    });
  });

  it('marks a gate interrupted before its final check with null verdicts, and leaves out what it does not know', () => {
    const interrupted: GateReport = {
      check: { ok: false, results: [], findings: [] },
      gate: { mode: 'burst', ok: false, reasons: ['interrupted'], burst: 10, rounds: 0, interrupted: true },
    };
    const mark = buildDeployMark({
      report: interrupted,
      targets: [target('edge')],
      startedAtMs: START,
      endedAtMs: START,
    });
    expect(mark.targets).toEqual([
      { id: 'shop:shop.test/health@edge', target: 'shop.test via edge', via: 'edge', verdict: null },
    ]);
    expect(mark).not.toHaveProperty('version');
    expect(mark).not.toHaveProperty('deploy');
    expect(mark.origins).toEqual([]);
  });

  it('lists the targets in trouble first when there are more than it sends', () => {
    const report = buildFailedGate();
    const targets = [
      ...Array.from({ length: DEPLOY_MARK_MAX_TARGETS + 5 }, (_, i) => target('web1', `site${i}.test`)),
      target('web2'),
    ];
    const mark = buildDeployMark({ report, targets, startedAtMs: START, endedAtMs: START });
    expect(mark.targetCount).toBe(DEPLOY_MARK_MAX_TARGETS + 6);
    expect(mark.targets).toHaveLength(DEPLOY_MARK_MAX_TARGETS);
    expect(mark.targets[0]?.id).toBe('shop:shop.test/health@web2');
    expect(mark.targetsTruncated).toBe(true);
    expect(deployMarkSchema.safeParse(mark).success).toBe(true);
  });
});
