import { describe, expect, it } from 'vitest';
import { detectServiceRestarts } from './detect-service-restarts.js';
import type { ServiceState } from './host-snapshot.js';

const nginx = (pid: number, startedAt: string, startTicks = 100): ServiceState => ({
  service: 'nginx',
  unit: 'nginx.service',
  pid,
  startTicks,
  startedAt,
  exe: '/usr/sbin/nginx',
});

describe('detectServiceRestarts', () => {
  it('reports a new main pid as a restart, with both starts', () => {
    const before = nginx(1000, '2026-11-20T02:00:00.000Z');
    const after = nginx(2001, '2026-11-23T06:11:04.000Z', 27466000);
    expect(detectServiceRestarts([before], [after])).toEqual([
      {
        type: 'service_restarted',
        service: 'nginx',
        unit: 'nginx.service',
        previous: { pid: 1000, startedAt: '2026-11-20T02:00:00.000Z' },
        current: { pid: 2001, startedAt: '2026-11-23T06:11:04.000Z', exe: '/usr/sbin/nginx' },
      },
    ]);
  });

  it('reports the same pid started at another time (a reboot reused it) as a restart', () => {
    const before = nginx(1000, '2026-11-20T02:00:00.000Z');
    expect(detectServiceRestarts([before], [nginx(1000, '2026-11-23T06:30:00.000Z')])).toHaveLength(1);
  });

  it('says nothing of a reload (same master) or of a service seen at only one check', () => {
    const running = nginx(1000, '2026-11-20T02:00:00.000Z');
    expect(detectServiceRestarts([running], [{ ...running }])).toEqual([]);
    expect(detectServiceRestarts([running], [])).toEqual([]);
    expect(detectServiceRestarts([], [running])).toEqual([]);
  });

  it('keeps the unit known before when the new process has none readable', () => {
    const { unit: _unit, ...withoutUnit } = nginx(2001, '2026-11-23T06:11:04.000Z');
    expect(detectServiceRestarts([nginx(1000, '2026-11-20T02:00:00.000Z')], [withoutUnit])).toMatchObject([
      { unit: 'nginx.service' },
    ]);
  });
});
