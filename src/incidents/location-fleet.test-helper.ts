import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import type { EngineSettings } from './engine-settings.js';
import { createEngineState, type EngineState } from './engine-state.js';
import type { IncidentNotification, Transition } from './incident.js';
import { step } from './step.js';

export const T0 = Date.parse('2026-11-23T04:00:00Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

/**
 * Locations sending one target's rounds through the engine, each a confirmation-grade burst so thresholds
 * count at once. A batch is taken in when `send` is called: the order of the calls is the store's commit
 * order, whatever the batches' own times say.
 */
export function createLocationFleet(settings: EngineSettings) {
  let state: EngineState = createEngineState();
  const notifications: IncidentNotification[] = [];
  const transitions: Transition[] = [];
  return {
    notifications,
    transitions,
    state: () => state,
    /** one batch from `location` closed at `seconds` with shop's verdict */
    send(location: string, seconds: number, verdict: Verdict) {
      const result = buildResult('shop.example.com', 'edge', verdict);
      const out = step(
        state,
        {
          type: 'rounds',
          at: at(seconds),
          location,
          rounds: [{ at: at(seconds), location, reason: 'confirmation', result }],
          findings: [],
        },
        settings,
      );
      state = out.state;
      notifications.push(...out.notifications);
      transitions.push(...out.transitions);
    },
  };
}
