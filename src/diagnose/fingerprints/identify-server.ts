import type { HttpObservation } from '../../probe/observation.js';
import { apacheFingerprint } from './apache.js';
import { caddyFingerprint } from './caddy.js';
import { envoyFingerprint } from './envoy.js';
import { haproxyFingerprint } from './haproxy.js';
import { iisFingerprint } from './iis.js';
import { nginxFingerprint } from './nginx.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';
import { traefikFingerprint } from './traefik.js';

// Most specific first: Traefik's bare status text is the loosest match, so it is tried last.
export const SERVER_FINGERPRINTS: readonly ServerFingerprint[] = [
  nginxFingerprint,
  haproxyFingerprint,
  envoyFingerprint,
  apacheFingerprint,
  iisFingerprint,
  caddyFingerprint,
  traefikFingerprint,
];

/** The proxy or web server whose own error page this is, if any. */
export function identifyStockErrorPage(http: HttpObservation): StockPage | undefined {
  for (const fingerprint of SERVER_FINGERPRINTS) {
    const page = fingerprint.matchErrorPage(http);
    if (page !== undefined) return page;
  }
  return undefined;
}

/** The server whose fresh-install welcome page this is, if any. */
export function identifyDefaultPage(http: HttpObservation): StockPage | undefined {
  for (const fingerprint of SERVER_FINGERPRINTS) {
    const page = fingerprint.matchDefaultPage(http);
    if (page !== undefined) return page;
  }
  return undefined;
}
