import type { HttpObservation } from '../../probe/observation.js';
import { recogniseAkamai } from './akamai.js';
import { recogniseCloudflare } from './cloudflare.js';
import { recogniseCloudFront } from './cloudfront.js';
import type { EdgeAnswer, EdgeRecogniser } from './edge-answer.js';
import { recogniseFastly } from './fastly.js';

export const EDGE_RECOGNISERS: readonly EdgeRecogniser[] = [
  recogniseCloudflare,
  recogniseCloudFront,
  recogniseFastly,
  recogniseAkamai,
];

/** The CDN's own answer about the request (origin unreachable or blocked), if this is one. */
export function identifyEdgeAnswer(http: HttpObservation): EdgeAnswer | undefined {
  for (const recognise of EDGE_RECOGNISERS) {
    const answer = recognise(http);
    if (answer !== undefined) return answer;
  }
  return undefined;
}
