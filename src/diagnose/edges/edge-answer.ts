import type { HttpObservation } from '../../probe/observation.js';

/** A response the CDN wrote itself, about the request rather than from the origin. */
export interface EdgeAnswer {
  edge: 'Cloudflare' | 'CloudFront' | 'Fastly' | 'Akamai';
  /** the edge could not get an answer from the origin, or refused the request itself */
  kind: 'origin_unreachable' | 'blocked';
  /** the edge's own code for it: "521", "530/1016", "1020", "403" */
  code: string;
  /** what the code means, in the edge vendor's documented sense */
  meaning: string;
  /** what to look at next */
  next: string;
  evidence: string[];
}

/** One CDN's recogniser: recognises only what the vendor itself writes, never a passed-through origin page. */
export type EdgeRecogniser = (http: HttpObservation) => EdgeAnswer | undefined;
