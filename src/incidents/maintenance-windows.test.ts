import { describe, expect, it } from 'vitest';
import type { MaintenanceWindowConfig } from '../config/maintenance-config.js';
import { isInScope } from './maintenance-scope.js';
import { configuredWindowsAt, diffWindows, planAdHocWindow } from './maintenance-windows.js';
import { PATCH_TUESDAY } from './patch-tuesday.test-helper.js';

const ids = (at: string) => configuredWindowsAt([PATCH_TUESDAY], new Date(at)).map((window) => window.id);

describe('configuredWindowsAt', () => {
  it('opens a cron window at its start in its time zone, for its duration', () => {
    // Tuesday 2026-03-03 02:00 in Amsterdam (CET, UTC+1) is 01:00Z
    expect(ids('2026-03-03T00:59:59Z')).toEqual([]);
    expect(ids('2026-03-03T01:00:00Z')).toEqual(['config:patch-tuesday@2026-03-03T01:00:00.000Z']);
    expect(ids('2026-03-03T02:59:59Z')).toHaveLength(1);
    expect(ids('2026-03-03T03:00:00Z')).toEqual([]);
    // after the switch to summer time (CEST, UTC+2) 02:00 is 00:00Z
    expect(ids('2026-04-07T00:30:00Z')).toEqual(['config:patch-tuesday@2026-04-07T00:00:00.000Z']);
  });

  it('reads a one-off start in its time zone and caps the length at max', () => {
    const once: MaintenanceWindowConfig = {
      ...PATCH_TUESDAY,
      schedule: { kind: 'once', start: '2026-12-01T22:00' },
      durationMs: 3_600_000,
    };
    const [window] = configuredWindowsAt([once], new Date('2026-12-01T21:30:00Z'));
    expect(window).toMatchObject({
      startsAt: '2026-12-01T21:00:00.000Z',
      endsAt: '2026-12-01T22:00:00.000Z',
      source: 'config',
    });
    expect(configuredWindowsAt([once], new Date('2026-12-01T22:00:00Z'))).toEqual([]);
  });

  it('diffWindows gives the engine ends before starts', () => {
    const before = configuredWindowsAt([PATCH_TUESDAY], new Date('2026-03-03T01:30:00Z'));
    const at = new Date('2026-03-03T03:00:00Z');
    expect(
      diffWindows(before, [], at).map((change) => [change.action, change.window.name, change.at]),
    ).toEqual([['end', 'patch-tuesday', at.toISOString()]]);
    expect(diffWindows([], before, at).map((change) => change.action)).toEqual(['start']);
    expect(diffWindows(before, before, at)).toEqual([]);
  });

  it('an ad-hoc window always ends, capped by max', () => {
    const { change, capped } = planAdHocWindow(
      {
        id: 'mw-1',
        name: 'kernel patch',
        scope: { sites: [], origins: ['web1'], environments: [] },
        forMs: 6 * 3_600_000,
        maxMs: 4 * 3_600_000,
      },
      new Date('2026-03-03T10:00:00Z'),
    );
    expect(capped).toBe(true);
    expect(change.window).toMatchObject({
      source: 'api',
      startsAt: '2026-03-03T10:00:00.000Z',
      endsAt: '2026-03-03T14:00:00.000Z',
    });
  });
});

describe('isInScope', () => {
  const sites = { shop: { origins: ['web1', 'web2'] }, blog: { origins: ['web1'] } };
  const scope = { sites: [], origins: ['web1'], environments: ['acceptance'] };
  it.each([
    [{ site: 'shop', origin: 'web1' }, true],
    [{ site: 'shop', origin: 'web2' }, false],
    // through the edge: only when every origin of its site is in scope
    [{ site: 'shop' }, false],
    [{ site: 'blog' }, true],
    [{ site: 'acc', environment: 'acceptance' }, true],
  ])('%j -> %s', (target, expected) => {
    expect(isInScope(target, scope, sites)).toBe(expected);
  });
});
