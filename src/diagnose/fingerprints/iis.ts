import type { HttpObservation } from '../../probe/observation.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// IIS with Application Request Routing: "502 - Web server received an invalid response while acting as a
// gateway or proxy server."; HTTP.sys answers 503 "HTTP Error 503. The service is unavailable." when the
// application pool is stopped.
const PAGES: Array<{ text: RegExp; evidence: string; reason: string }> = [
  {
    text: /502 - Web server received an invalid response while acting as a gateway or proxy server\./i,
    evidence:
      "body is IIS/ARR's stock page '502 - Web server received an invalid response while acting as a gateway or proxy server.'",
    reason: 'ARR could not get a valid answer from the server it forwards to',
  },
  {
    text: /502\.3 - Bad Gateway/i,
    evidence: "body is IIS/ARR's stock page '502.3 - Bad Gateway' (forwarder connection error)",
    reason: 'ARR could not connect to the server it forwards to',
  },
  {
    text: /HTTP Error 503\. The service is unavailable\./i,
    evidence: "body is HTTP.sys's stock page 'HTTP Error 503. The service is unavailable.'",
    reason: "the site's application pool is stopped or failing",
  },
];

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const page = PAGES.find((candidate) => candidate.text.test(http.body));
  if (page === undefined) return undefined;
  return { server: 'IIS', evidence: page.evidence, reason: page.reason };
}

function matchDefaultPage(http: HttpObservation): StockPage | undefined {
  if (!/<title>IIS Windows( Server)?<\/title>|iisstart\.png/i.test(http.body)) return undefined;
  return { server: 'IIS', evidence: "body is IIS's stock default page (iisstart.htm)" };
}

export const iisFingerprint: ServerFingerprint = { server: 'IIS', matchErrorPage, matchDefaultPage };
