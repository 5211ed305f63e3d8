import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { readVersion } from '../expectations.js';
import { formatStatus } from '../response-facts.js';
import { describeVia, type Rule, type RuleContext } from '../rule-context.js';
import { type Diagnosis, VERDICT_LAYER } from '../verdict.js';

/**
 * The served version marker differs from the expected one: an old pool, a stale node, a half-done deploy.
 * `missing` selects the case where no marker was served at all, which diagnose() asks after content checks
 * (another site answering explains a missing marker better than a version does).
 */
function diagnoseVersion(ctx: RuleContext, missing: boolean): Diagnosis | undefined {
  const { target, observation } = ctx;
  const { http } = observation;
  const expected = target.expect.version;
  if (http === undefined || expected === undefined) return undefined;
  const served = readVersion(target, http);
  if (served === expected || (served === undefined) !== missing) return undefined;
  const header = target.expect.versionHeader;
  const evidence = [
    `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)}`,
    served === undefined
      ? `no ${header} header, expected ${expected}`
      : `${header}: ${served}, expected ${expected}`,
  ];
  return {
    verdict: 'wrong_version',
    layer: VERDICT_LAYER.wrong_version,
    summary:
      served === undefined
        ? `${describeVia(ctx)} serves ${target.hostname} without ${header} (expected ${expected}): check that the deploy reached this box and the app sets the header`
        : `${describeVia(ctx)} serves ${target.hostname} version ${served}, expected ${expected}: the deploy did not reach this box or an old worker pool still answers`,
    evidence,
  };
}

export const diagnoseVersionMismatch: Rule = (ctx) => diagnoseVersion(ctx, false);
export const diagnoseVersionMissing: Rule = (ctx) => diagnoseVersion(ctx, true);
