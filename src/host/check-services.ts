import type { ListenerResult } from './check-listeners.js';
import { describeProcesses } from './describe-process.js';
import type { UnitState } from './systemd-units.js';

/** A unit's state set beside what actually listens on its socket. */
export interface ServiceComparison {
  key: string;
  unit: string;
  state?: UnitState;
  /** false when the unit's state and the socket tell different stories (the incidents' signature) */
  consistent: boolean;
  summary: string;
}

export type ServicesReport =
  | { systemd: false; note: string }
  | { systemd: true; comparisons: ServiceComparison[] };

/**
 * Pure: an "active" unit whose socket is missing, a "failed" unit while another process holds its port,
 * or an active unit that is not the holder are inconsistent; everything else agrees.
 */
export function compareServices(
  results: readonly { result: ListenerResult; unit: string; state: UnitState | undefined }[],
): ServiceComparison[] {
  return results.map(({ result, unit, state }) => {
    const base = { key: result.key, unit, ...(state === undefined ? {} : { state }) };
    if (state === undefined)
      return { ...base, consistent: true, summary: `${unit}: state unknown (systemctl failed)` };
    if (state.loadState === 'not-found') {
      return {
        ...base,
        consistent: true,
        summary: `${unit} is not a known unit: ${result.key} is not checked against systemd`,
      };
    }
    const status = `${unit} is ${state.activeState} (${state.subState}${state.mainPid > 0 ? `, main pid ${state.mainPid}` : ''})`;
    const active = state.activeState === 'active' || state.activeState === 'reloading';
    if (result.verdict === 'socket_missing' && active) {
      return {
        ...base,
        consistent: false,
        summary: `${status} but nothing listens on ${result.key}: systemd reports success for a socket that is gone`,
      };
    }
    if (result.verdict === 'wrong_listener') {
      const squatters = result.holders.filter((p) => p.unit !== unit);
      const who = describeProcesses(squatters.length > 0 ? squatters : result.holders).join(' and ');
      const story =
        state.activeState === 'failed'
          ? `it lost ${result.key} to ${who}: ${result.owner} could not bind on restart`
          : `${who} holds ${result.key}`;
      return { ...base, consistent: false, summary: `${status} while ${story}` };
    }
    if (result.verdict === 'owner_unknown' && !active) {
      return {
        ...base,
        consistent: false,
        summary: `${status} yet something this user cannot see holds ${result.key}: run as root to name it`,
      };
    }
    if (result.verdict === 'ok' && !active) {
      return {
        ...base,
        consistent: false,
        summary: `${status} yet ${result.key} is held by ${result.owner}: a process outside the unit`,
      };
    }
    return { ...base, consistent: true, summary: status };
  });
}
