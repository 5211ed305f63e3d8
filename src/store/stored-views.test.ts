import { describe, expect, it } from 'vitest';
import { buildEngineSettings } from '../incidents/engine-settings.js';
import { createEngineState, type EngineState } from '../incidents/engine-state.js';
import type { RoundBatch } from '../incidents/round.js';
import { advance } from '../incidents/step.js';
import { loadEngineState } from './load-engine-state.js';
import { recordEngineStep } from './record-engine-step.js';
import { buildBatch, buildRound, useTempStores } from './store-test-fixtures.test-helper.js';
import { storeViews } from './stored-views.js';

const NOW = Date.UTC(2026, 11, 5, 6, 0, 0);

/** Steps the engine over `batches` and writes every step, as the incident runner does. */
async function runSteps(store: Parameters<typeof recordEngineStep>[0], batches: RoundBatch[]) {
  let state: EngineState = createEngineState();
  const settings = buildEngineSettings();
  for (const [index, batch] of batches.entries()) {
    const result = advance(state, batch, settings);
    state = result.state;
    await recordEngineStep(store, {
      state,
      transitions: result.transitions,
      notifications: result.notifications,
      touched: result.touched,
      closed: result.closed,
      nowMs: Date.parse(batch.at),
      send: true,
      lastBatchId: index + 1,
      lastEventId: 0,
      lastChangeId: 0,
    });
  }
  return state;
}

describe('storeViews', () => {
  it('stores nothing for the view a track seeds, and every view otherwise', () => {
    const round = buildRound('a.test', 'web1', 'ok', NOW);
    const settings = buildEngineSettings();
    const { state } = advance(createEngineState(), buildBatch(NOW, [round]), settings);
    const id = round.result.id;
    const track = state.targets[id];
    const views = state.views[id];
    if (track === undefined || views === undefined) throw new Error('the engine kept no track');
    expect(storeViews(track, views)).toBeNull();
    expect(storeViews(track, undefined)).toBe('{}');
    const other = { ...views, elsewhere: { ...track, location: 'elsewhere' } };
    expect(JSON.parse(storeViews(track, other) ?? 'null')).toEqual(JSON.parse(JSON.stringify(other)));
    const behind = { [track.location]: { ...track, successes: track.successes + 1 } };
    expect(JSON.parse(storeViews(track, behind) ?? 'null')).toEqual(JSON.parse(JSON.stringify(behind)));
  });

  const openStore = useTempStores();

  it('reads back the views the engine had, with one location and with two', async () => {
    const { store } = await openStore();
    const at = (offset: number) => NOW + offset * 30_000;
    const batches = [0, 1, 2, 3].map((n) =>
      buildBatch(at(n), [
        buildRound('a.test', 'web1', n < 2 ? 'ok' : 'connect_refused', at(n), { reason: 'confirmation' }),
        buildRound('b.test', 'web1', 'ok', at(n)),
      ]),
    );
    const fromAms = { ...buildRound('b.test', 'web1', 'connect_refused', at(4)), location: 'ams' };
    const elsewhere = { ...buildBatch(at(4), [fromAms]), location: 'ams' };
    const state = await runSteps(store, [...batches, elsewhere]);
    const loaded = await loadEngineState(store);
    if (loaded.kind !== 'snapshot') throw new Error(`no snapshot: ${loaded.kind}`);
    expect(JSON.parse(JSON.stringify(loaded.state.views))).toEqual(JSON.parse(JSON.stringify(state.views)));
    expect(JSON.parse(JSON.stringify(loaded.state.targets))).toEqual(
      JSON.parse(JSON.stringify(state.targets)),
    );
    expect(Object.keys(loaded.state.views[elsewhere.rounds[0]?.result.id ?? ''] ?? {}).sort()).toEqual([
      'ams',
      'local',
    ]);
  });
});
