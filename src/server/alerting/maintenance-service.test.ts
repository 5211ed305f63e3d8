import { describe, expect, it } from 'vitest';
import type { MaintenanceWindow } from '../../incidents/engine-input.js';
import { buildEngineSettings } from '../../incidents/engine-settings.js';
import { PATCH_TUESDAY } from '../../incidents/patch-tuesday.test-helper.js';
import { createMemoryLogger } from '../../log/logger.js';
import { listWindows, readOpenWindows } from '../../store/read-maintenance.js';
import type { Store } from '../../store/store.js';
import { useTempStores } from '../../store/store-test-fixtures.test-helper.js';
import { createFakeWatchClock } from '../../watch/fake-watch-clock.test-helper.js';
import { createIncidentRunner } from './incident-runner.js';
import { createMaintenanceService } from './maintenance-service.js';

// Tuesday 2026-03-03 02:00 in Amsterdam (CET, UTC+1)
const STARTS = Date.parse('2026-03-03T01:00:00Z');
const ENDS = STARTS + PATCH_TUESDAY.durationMs;
const OCCURRENCE = 'config:patch-tuesday@2026-03-03T01:00:00.000Z';

describe('maintenance service: windows from the configuration', () => {
  const openStore = useTempStores();

  /** The service over a real store and the real engine runner, on a clock that moves when told. */
  async function startService(store: Store, clock: ReturnType<typeof createFakeWatchClock>) {
    const runner = createIncidentRunner({
      store,
      settings: () => buildEngineSettings(),
      now: clock.now,
      logger: createMemoryLogger(),
    });
    await runner.start();
    const swept: Array<{ id: string; at: number }> = [];
    const service = createMaintenanceService({
      store,
      runner,
      clock,
      logger: createMemoryLogger(),
      configured: () => [PATCH_TUESDAY],
      sweep: (window: MaintenanceWindow) => {
        swept.push({ id: window.id, at: clock.now() });
        return 1;
      },
    });
    await service.start();
    return { service, swept };
  }

  const openIds = async (store: Store) => (await readOpenWindows(store)).map((window) => window.id);

  it('starts a cron window at its time in its zone, ends it after its duration and sweeps its scope then', async () => {
    const { store } = await openStore();
    const clock = createFakeWatchClock(STARTS - 5_000);
    const { service, swept } = await startService(store, clock);
    expect(await openIds(store)).toEqual([]);

    await clock.advance(6_000);
    const [window] = await readOpenWindows(store);
    expect(window).toMatchObject({
      id: OCCURRENCE,
      name: 'patch-tuesday',
      source: 'config',
      startedBy: 'config',
      scope: { origins: ['web1'] },
      endsAt: new Date(ENDS).toISOString(),
    });
    expect(swept).toEqual([]);

    await clock.advance(ENDS - clock.now() + 1_000);
    expect(await openIds(store)).toEqual([]);
    const [ended] = await listWindows(store, { state: 'ended', limit: 10 });
    expect(ended).toMatchObject({ id: OCCURRENCE, endedBy: 'schedule' });
    expect(swept.map((sweep) => sweep.id)).toEqual([OCCURRENCE]);
    expect(swept[0]?.at).toBeGreaterThanOrEqual(ENDS);
    expect(swept[0]?.at).toBeLessThanOrEqual(ENDS + 1_000);
    service.stop();
  });

  it('a restart inside the window keeps it open once and ends it on time', async () => {
    const { store } = await openStore();
    const clock = createFakeWatchClock(STARTS + 60_000);
    const first = await startService(store, clock);
    expect(await openIds(store)).toEqual([OCCURRENCE]);
    first.service.stop();

    await clock.advance(30 * 60_000);
    const second = await startService(store, clock);
    await clock.advance(5_000);
    expect(await listWindows(store, { limit: 10 })).toHaveLength(1);
    await clock.advance(ENDS - clock.now() + 1_000);
    expect(await openIds(store)).toEqual([]);
    expect(second.swept.map((sweep) => sweep.id)).toEqual([OCCURRENCE]);
    second.service.stop();
  });

  it('a window that ended while the daemon was down ends, and is swept, at its first tick', async () => {
    const { store } = await openStore();
    const clock = createFakeWatchClock(STARTS + 60_000);
    const first = await startService(store, clock);
    first.service.stop();

    await clock.advance(3 * 3_600_000);
    const second = await startService(store, clock);
    expect(await openIds(store)).toEqual([]);
    expect(second.swept.map((sweep) => sweep.id)).toEqual([OCCURRENCE]);
    second.service.stop();
  });

  it('an occurrence ended early through the API is not started again by the schedule', async () => {
    const { store } = await openStore();
    const clock = createFakeWatchClock(STARTS + 60_000);
    const { service, swept } = await startService(store, clock);
    expect(await service.end(OCCURRENCE, 'token:ops')).toMatchObject({
      id: OCCURRENCE,
      endedBy: 'token:ops',
    });
    await clock.advance(10_000);
    expect(await openIds(store)).toEqual([]);
    expect(await listWindows(store, { limit: 10 })).toHaveLength(1);
    expect(swept.map((sweep) => sweep.id)).toEqual([OCCURRENCE]);
    service.stop();
  });
});
