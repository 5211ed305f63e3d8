import type { HttpObservation } from '../../probe/observation.js';

/** A response recognised as a server's own, out-of-the-box page rather than something an app wrote. */
export interface StockPage {
  /** the server's name as operators say it: "nginx", "HAProxy", "Envoy" */
  server: string;
  /** one evidence line naming what matched */
  evidence: string;
  /** what the page itself says went wrong, when it says ("no server is available") */
  reason?: string;
}

/**
 * One web server or proxy's recognisable pages. Stock error pages are written by the server itself, so a
 * match means the request was answered before (or instead of) the app behind it.
 */
export interface ServerFingerprint {
  server: string;
  matchErrorPage(http: HttpObservation): StockPage | undefined;
  /** the "it works" page a fresh install serves from its default server */
  matchDefaultPage(http: HttpObservation): StockPage | undefined;
}
