import type { DeployChange, HostChange } from '../incidents/change.js';
import type { MaintenanceWindow } from '../incidents/engine-input.js';
import {
  createEngineState,
  type EngineState,
  type TargetTrack,
  upgradeEngineState,
} from '../incidents/engine-state.js';
import type { IncidentRecord } from '../incidents/incident.js';
import { ENGINE_STATE_ID } from './record-engine-step.js';
import type { Store } from './store.js';

/** The engine's memory as stored, or why there is none to use. */
export type LoadedEngineState =
  | { kind: 'snapshot'; state: EngineState; lastBatchId: number; lastEventId: number; lastChangeId: number }
  /** no snapshot yet (a new store, or one written before incidents existed) */
  | { kind: 'missing' }
  /** written by another version of the engine: its shape cannot be trusted, so it is rebuilt */
  | { kind: 'outdated'; version: number };

/**
 * Reads the engine's snapshot: its row and every stored track, in id order (the engine never depends on
 * the order tracks were added, but a state read back should look like the one written).
 */
export function loadEngineState(store: Store): Promise<LoadedEngineState> {
  return store.exclusive(async (db) => {
    const row = await db
      .selectFrom('engine_state')
      .selectAll()
      .where('id', '=', ENGINE_STATE_ID)
      .executeTakeFirst();
    if (row === undefined) return { kind: 'missing' };
    const current = createEngineState().version;
    if (Number(row.version) !== current) return { kind: 'outdated', version: Number(row.version) };
    const tracks = await db.selectFrom('engine_targets').selectAll().orderBy('target_id').execute();
    const targets: Record<string, TargetTrack> = {};
    for (const track of tracks) targets[track.target_id] = JSON.parse(track.track) as TargetTrack;
    // A snapshot written before views were stored reads as version 1 did: each target's track seeds the
    // view of the location it last came from (exact with one location). Stored views and locations replace
    // that seed, so a node taking the engine over knows what every location saw.
    const state: EngineState = upgradeEngineState({
      version: 1,
      at: row.at,
      targets,
      incidents: JSON.parse(row.incidents) as Record<string, IncidentRecord>,
      cycles: JSON.parse(row.cycles) as Record<string, string[]>,
      windows: JSON.parse(row.windows) as Record<string, MaintenanceWindow>,
      changes: JSON.parse(row.changes) as Record<string, HostChange[]>,
      deploys: JSON.parse(row.deploys) as DeployChange[],
    });
    for (const track of tracks) {
      if (track.views !== null)
        state.views[track.target_id] = JSON.parse(track.views) as EngineState['views'][string];
    }
    if (row.locations !== null) state.locations = JSON.parse(row.locations) as EngineState['locations'];
    return {
      kind: 'snapshot',
      state,
      lastBatchId: Number(row.last_batch_id),
      lastEventId: Number(row.last_event_id),
      lastChangeId: Number(row.last_change_id),
    };
  });
}
