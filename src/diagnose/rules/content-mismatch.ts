import { findUnmetExpectations } from '../expectations.js';
import { formatMs, formatStatus } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/** Status fine, but the body or a header is not what the target expects. */
export const diagnoseContentMismatch: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined) return undefined;
  const unmet = findUnmetExpectations(target, http).filter(
    (item) => item.kind === 'body' || item.kind === 'header',
  );
  if (unmet.length === 0) return undefined;
  const what = unmet.map((item) => item.kind).includes('body') ? 'the body' : 'a header';
  return {
    verdict: 'unexpected_content',
    layer: VERDICT_LAYER.unexpected_content,
    summary: `${target.hostname} on ${describeVia(ctx)} answered ${http.status} but ${what} is not what the site serves: ${unmet[0]?.evidence}; check which site or version answered`,
    evidence: [
      `answered ${formatStatus(http)} in ${formatMs(http.ttfbMs)}`,
      ...unmet.map((item) => item.evidence),
    ],
  };
};
