import { policyFor } from './engine-settings.js';
import { judgeRound } from './judge-round.js';
import type { RoundBatch } from './round.js';
import type { StepContext } from './step-context.js';

/**
 * A batch closed longer than the reporting window before the engine's time: a location cut off from the
 * store writing its queue once it is back, after the other locations' newer batches. Its rounds describe a
 * moment the quorum has already judged; beside the others' current views they would agree on a state that
 * never was at any one time (a stale failure of two cut-off locations reopening an outage already paged and
 * resolved). A batch a little behind (clocks, a slow commit) is within the window and counts as usual.
 */
export function isLateBatch(ctx: StepContext, batch: RoundBatch): boolean {
  return ctx.atMs - Date.parse(batch.at) > ctx.settings.locations.reportingMs;
}

/**
 * A late batch moves only its own location's views, by that location's thresholds, so the location
 * rejoins the quorum with consecutive counts that are true once its rounds are current again. It moves no
 * target between incidents, opens or resolves nothing, and its findings (of that past moment) name no cause:
 * its location does not report within the window, so it is in no quorum and no "seen from X only" until then.
 */
export function takeLateBatch(ctx: StepContext, batch: RoundBatch): void {
  const rounds = [...batch.rounds].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const round of rounds) {
    const { id } = round.result;
    const policy = policyFor(ctx.settings, round.result.environment);
    const views = ctx.state.views[id] ?? {};
    ctx.state.views[id] = views;
    views[round.location] = judgeRound(views[round.location], round, policy, ctx.settings.intermittent).track;
    ctx.touched.add(id);
  }
}
