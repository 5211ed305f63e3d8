import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { findUnmetExpectations, readContentEncoding, type UnmetKind } from '../expectations.js';
import { formatStatus } from '../response-facts.js';
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
  const kinds = unmet.map((item) => item.kind);
  const what = describeSubject(kinds);
  const bodyFailed = kinds.includes('body') || kinds.includes('body_pattern');
  const encoding = bodyFailed ? readContentEncoding(http) : undefined;
  // A compressed body is no sign of another site: the advice must point at the encoding instead.
  const next =
    encoding === undefined
      ? 'check which site or version answered'
      : `the body came ${encoding}-encoded although the probe asked for identity, so its text could not be checked; make the server honour Accept-Encoding: identity for this path, or set the site's own Accept-Encoding header`;
  return {
    verdict: 'unexpected_content',
    layer: VERDICT_LAYER.unexpected_content,
    summary: `${target.hostname} on ${describeVia(ctx)} answered ${http.status} but ${what} is not what the site serves: ${unmet[0]?.evidence}; ${next}`,
    evidence: [
      `answered ${formatStatus(http)} in ${formatMilliseconds(http.ttfbMs)}`,
      ...unmet.map((item) => item.evidence),
    ],
  };
};
