import { findUnmetExpectations, type UnmetKind } from '../expectations.js';
import { formatMs, formatStatus } from '../response-facts.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

const CONTENT_KINDS: ReadonlySet<UnmetKind> = new Set([
  'body',
  'header',
  'body_pattern',
  'header_pattern',
  'protocol',
]);

function describeSubject(kinds: readonly UnmetKind[]): string {
  if (kinds.includes('body') || kinds.includes('body_pattern')) return 'the body';
  if (kinds.includes('header') || kinds.includes('header_pattern')) return 'a header';
  return 'the protocol';
}

/** Status fine, but the body, a header or the protocol is not what the target expects. */
export const diagnoseContentMismatch: Rule = (ctx) => {
  const { target, observation } = ctx;
  const { http } = observation;
  if (http === undefined) return undefined;
  const unmet = findUnmetExpectations(target, http, observation.tls !== undefined).filter((item) =>
    CONTENT_KINDS.has(item.kind),
  );
  if (unmet.length === 0) return undefined;
  const what = describeSubject(unmet.map((item) => item.kind));
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
