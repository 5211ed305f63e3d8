import { identifyEdgeAnswer } from '../edges/identify-edge.js';
import type { Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/** The CDN refused the request itself (WAF, bot check, rate limit): the origin was never asked. */
export const diagnoseEdgeBlocked: Rule = ({ target, observation }) => {
  const { http } = observation;
  if (http === undefined) return undefined;
  const answer = identifyEdgeAnswer(http);
  if (answer?.kind !== 'blocked') return undefined;
  return {
    verdict: 'edge_blocked',
    layer: VERDICT_LAYER.edge_blocked,
    summary: `${answer.edge} blocked the request for ${target.hostname} itself (${answer.code}: ${answer.meaning}); the origin was never asked: ${answer.next}`,
    evidence: answer.evidence,
  };
};
