import { FrontdoorError } from '../errors.js';
import type { EngineInput } from './engine-input.js';
import { readEngineInput } from './engine-input-schema.js';
import type { EngineSettings } from './engine-settings.js';
import { createEngineState, type EngineState } from './engine-state.js';
import type { IncidentNotification, Transition } from './incident.js';
import { step } from './step.js';

export interface ReplayLine {
  /** 1-based line number in the file */
  line: number;
  input: EngineInput;
}

export interface ReplayStep extends ReplayLine {
  transitions: Transition[];
  notifications: IncidentNotification[];
}

/**
 * Parses a replay file: one JSON engine input per line, blank lines skipped. The first bad line is thrown
 * as FD_ERR_REPLAY_INPUT "file:line: problem", so a fixture with a typo never replays half.
 */
export function parseReplayText(text: string, source: string): ReplayLine[] {
  const lines: ReplayLine[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new FrontdoorError('FD_ERR_REPLAY_INPUT', `${source}:${line}: not JSON: ${reason}`, {
        cause: error,
      });
    }
    const read = readEngineInput(value);
    if (!read.ok) throw new FrontdoorError('FD_ERR_REPLAY_INPUT', `${source}:${line}: ${read.problem}`);
    lines.push({ line, input: read.input });
  });
  return lines;
}

/** Runs the engine over recorded inputs in order; what `frontdoor replay` prints and the tests assert. */
export function replayInputs(
  lines: readonly ReplayLine[],
  settings: EngineSettings,
  initial: EngineState = createEngineState(),
): { state: EngineState; steps: ReplayStep[] } {
  let state = initial;
  const steps: ReplayStep[] = [];
  for (const { line, input } of lines) {
    const result = step(state, input, settings);
    state = result.state;
    steps.push({ line, input, transitions: result.transitions, notifications: result.notifications });
  }
  return { state, steps };
}
