import type { HttpObservation } from '../../probe/observation.js';
import { readServerProduct } from '../response-facts.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// Caddy's reverse_proxy answers a failed upstream with an empty 502/503/504 and "Server: Caddy";
// without a handle_errors block there is no page at all, which is itself the fingerprint.
const REASONS: Record<number, string> = {
  502: 'its upstream refused the connection or sent an invalid answer',
  503: 'no upstream is available',
  504: 'its upstream did not answer in time',
};

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const reason = REASONS[http.status];
  if (reason === undefined || readServerProduct(http)?.toLowerCase() !== 'caddy' || http.bodyBytes !== 0) {
    return undefined;
  }
  return {
    server: 'Caddy',
    evidence: `empty ${http.status} body with server: Caddy (reverse_proxy's own answer)`,
    reason,
  };
}

function matchDefaultPage(http: HttpObservation): StockPage | undefined {
  if (!/<title>Caddy works!<\/title>/i.test(http.body)) return undefined;
  return { server: 'Caddy', evidence: "body is Caddy's stock default page ('Caddy works!')" };
}

export const caddyFingerprint: ServerFingerprint = { server: 'Caddy', matchErrorPage, matchDefaultPage };
