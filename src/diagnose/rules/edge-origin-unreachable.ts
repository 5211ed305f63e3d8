import { identifyEdgeAnswer } from '../edges/identify-edge.js';
import type { Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/** The CDN answered that it could not get a usable answer from the origin (Cloudflare 52x, CloudFront 502...). */
export const diagnoseEdgeOriginUnreachable: Rule = ({ target, observation }) => {
  const { http } = observation;
  if (http === undefined) return undefined;
  const answer = identifyEdgeAnswer(http);
  if (answer?.kind !== 'origin_unreachable') return undefined;
  return {
    verdict: 'edge_origin_unreachable',
    layer: VERDICT_LAYER.edge_origin_unreachable,
    summary: `${answer.edge} ${answer.code} for ${target.hostname}: ${answer.meaning}; ${answer.next}`,
    evidence: answer.evidence,
  };
};
