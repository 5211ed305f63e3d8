import type { PolicyConfig } from '../config/alerts-config.js';
import { isPassingVerdict } from '../diagnose/passing.js';
import { sameLines } from '../diagnose/same-lines.js';
import type { TargetResult } from '../diagnose/target-result.js';
import type { IntermittentSettings } from './engine-settings.js';
import type { RequestSample, TargetTrack, TrackedResult } from './engine-state.js';
import { addSample, countWindow, isIntermittent } from './request-window.js';
import type { TargetRound } from './round.js';

const EVIDENCE_LIMIT = 12;

export interface RoundJudgement {
  track: TargetTrack;
  /** the target crossed a threshold in this round */
  change: 'went_down' | 'came_up' | null;
  /** every request of the round failed (a partial burst is judged by the request window instead) */
  failed: boolean;
  intermittent: 'opened' | 'closed' | null;
}

/**
 * Judges one round of one target, Gatus-style, with frontdoor's confirmation step:
 * - a round fails when every request of it failed; `intermittent` (k of N) is not a failed round;
 * - a scheduled failure right after a pass waits for its confirmation burst and counts only if that fails
 *   too (or if the next round fails); confirmation and sweep failures count at once;
 * - `failure-threshold` counted failures in a row make the target down, `success-threshold` passes up;
 * - a sweep at the end of maintenance decides at once either way: it is a fresh burst, and nobody should
 *   wait more intervals to hear about an outage that began inside the window;
 * - while up, scheduled rounds' requests feed the window that finds a 2% failure share (003); a wholly
 *   failed round joins it only once its streak ended in a pass, so an outage's first rounds never count.
 * Pure: returns a new track.
 */
export function judgeRound(
  previous: TargetTrack | undefined,
  round: TargetRound,
  policy: PolicyConfig,
  settings: IntermittentSettings,
): RoundJudgement {
  const { result, reason } = round;
  // The request arrays are never changed in place (each change below assigns a new array), so the new
  // track shares them with `previous` until then: at 10,000 targets a copy of both every round was
  // garbage that outlived the young generation with the track.
  const track: TargetTrack = previous === undefined ? newTrack(round) : { ...previous };
  track.result = trackResult(result, previous?.result);
  track.at = round.at;
  track.location = round.location;
  const passing = isPassingVerdict(result.verdict);
  const failed = !passing && result.verdict !== 'intermittent';
  let change: RoundJudgement['change'] = null;

  if (failed) {
    track.successes = 0;
    track.failingSince ??= round.at;
    const needsConfirmation = reason === 'scheduled' && track.state === 'up' && track.failures === 0;
    if (needsConfirmation && !track.awaitingConfirmation) {
      track.awaitingConfirmation = true;
    } else {
      track.awaitingConfirmation = false;
      track.failures += 1;
    }
    if (track.state === 'up' && (track.failures >= policy.failureThreshold || reason === 'sweep')) {
      track.state = 'down';
      change = 'went_down';
    }
  } else {
    track.awaitingConfirmation = false;
    track.failures = 0;
    track.successes += 1;
    if (track.state === 'down' && (track.successes >= policy.successThreshold || reason === 'sweep')) {
      track.state = 'up';
      change = 'came_up';
    }
    if (track.state === 'up') track.failingSince = null;
  }

  let intermittent: RoundJudgement['intermittent'] = null;
  if (change === 'went_down') {
    // The outage itself is the incident now; its failed requests would only keep a stale share alive later.
    track.requests = [];
    track.streak = [];
  } else if (track.state === 'up' && change !== 'came_up' && reason === 'scheduled') {
    // Only the regular sample measures a share: confirmation and sweep bursts come because of a failure.
    const sample: RequestSample = [
      Date.parse(round.at),
      result.burst?.size ?? 1,
      result.burst?.failed ?? (passing ? 0 : 1),
    ];
    if (failed) {
      track.streak = [...track.streak, sample];
    } else {
      let requests = track.requests;
      for (const blip of [...track.streak, sample]) requests = addSample(requests, blip, settings);
      track.requests = requests;
      track.streak = [];
      const count = countWindow(track.requests);
      if (!track.intermittent && isIntermittent(count, settings)) {
        track.intermittent = true;
        intermittent = 'opened';
      } else if (track.intermittent && count.failed === 0) {
        // Closes once the last failed request has aged out of the window: no flapping at the 2% line.
        track.intermittent = false;
        intermittent = 'closed';
      }
    }
  } else if (change === 'came_up') {
    track.streak = [];
  }
  return { track, change, failed, intermittent };
}

function newTrack(round: TargetRound): TargetTrack {
  return {
    id: round.result.id,
    result: trackResult(round.result, undefined),
    at: round.at,
    location: round.location,
    state: 'up',
    failures: 0,
    successes: 0,
    awaitingConfirmation: false,
    failingSince: null,
    requests: [],
    streak: [],
    intermittent: false,
  };
}

/**
 * What the track keeps of the round's result; the previous round's object when nothing in it changed, as in
 * most rounds, so the track kept for a whole interval is not a fresh copy of the same text every round.
 */
function trackResult(result: TargetResult, previous: TrackedResult | undefined): TrackedResult {
  const origin = result.origin ?? (result.via !== 'edge' ? result.via : undefined);
  if (
    previous !== undefined &&
    previous.verdict === result.verdict &&
    previous.layer === result.layer &&
    previous.summary === result.summary &&
    previous.name === result.target &&
    previous.hostname === result.hostname &&
    previous.via === result.via &&
    previous.site === result.site &&
    previous.origin === origin &&
    previous.environment === result.environment &&
    sameLines(previous.evidence, result.evidence, EVIDENCE_LIMIT)
  ) {
    return previous;
  }
  const tracked: TrackedResult = {
    name: result.target,
    verdict: result.verdict,
    layer: result.layer,
    summary: result.summary,
    evidence: result.evidence.slice(0, EVIDENCE_LIMIT),
    hostname: result.hostname,
    via: result.via,
  };
  if (result.site !== undefined) tracked.site = result.site;
  if (origin !== undefined) tracked.origin = origin;
  if (result.environment !== undefined) tracked.environment = result.environment;
  return tracked;
}
