import { readFileSync } from 'node:fs';
import { parseConfig } from '../config/parse-config.js';
import { buildEngineSettings } from './engine-settings.js';
import { createEngineState } from './engine-state.js';
import { collectIncidentStep, type IncidentHistory } from './incident-history.js';
import { parseReplayText } from './replay.js';
import type { TargetRound } from './round.js';
import { step } from './step.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/**
 * Replays one recorded fixture (src/incidents/fixtures/NAME.jsonl, judged with its frontdoor.yaml) and
 * returns every incident's history and every recorded round: the inputs of a dossier, as the daemon has
 * them from its engine and its store.
 */
export function replayHistories(name: string): {
  histories: Map<string, IncidentHistory>;
  rounds: TargetRound[];
} {
  const configPath = new URL('frontdoor.yaml', FIXTURES);
  const config = parseConfig(readFileSync(configPath, 'utf8'), 'frontdoor.yaml', { reader: 'serve' });
  const settings = buildEngineSettings(config);
  const lines = parseReplayText(readFileSync(new URL(`${name}.jsonl`, FIXTURES), 'utf8'), `${name}.jsonl`);
  const histories = new Map<string, IncidentHistory>();
  const rounds: TargetRound[] = [];
  let state = createEngineState();
  for (const { input } of lines) {
    const result = step(state, input, settings);
    state = result.state;
    collectIncidentStep(histories, result);
    if (input.type === 'rounds') rounds.push(...input.rounds);
  }
  return { histories, rounds };
}
