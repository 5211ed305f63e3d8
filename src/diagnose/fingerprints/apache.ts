import type { HttpObservation } from '../../probe/observation.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// Apache httpd's built-in error documents: "<title>502 Proxy Error</title>" ... "<h1>Proxy Error</h1>",
// signed "<address>Apache/2.4.57 (Debian) Server at shop.example.com Port 443</address>" unless
// ServerSignature is off, in which case the title and heading still give it away.
const TITLE = /<title>(\d{3}) ([^<]+)<\/title>\s*<\/head><body>\s*<h1>([^<]+)<\/h1>/i;
const ADDRESS = /<address>(Apache(?:\/[\d.]+)?(?: \([^)]*\))?) Server at ([^ ]+) Port (\d+)<\/address>/i;

const REASONS: Record<string, string> = {
  'Proxy Error': 'the proxy server received an invalid response from its upstream (or could not reach it)',
  'Service Unavailable': 'no upstream is available to serve the request',
  'Gateway Timeout': 'its upstream did not answer in time',
  'Internal Server Error': 'Apache failed to hand the request on (handler, FastCGI socket or configuration)',
};

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const title = TITLE.exec(http.body);
  if (title === null) return undefined;
  const heading = title[3] ?? '';
  const address = ADDRESS.exec(http.body);
  const signature =
    address === null ? '' : `, '<address>${address[1]} Server at ${address[2]} Port ${address[3]}'`;
  const reason = REASONS[heading];
  return {
    server: 'Apache',
    evidence: `body is Apache's stock ${title[1]} page ('<h1>${heading}</h1>'${signature})`,
    ...(reason === undefined ? {} : { reason }),
  };
}

function matchDefaultPage(http: HttpObservation): StockPage | undefined {
  const debian = /<title>(Apache2 (?:Debian|Ubuntu) Default Page)[^<]*<\/title>/i.exec(http.body);
  if (debian !== null)
    return { server: 'Apache', evidence: `body is Apache's stock default page ('${debian[1]}')` };
  if (/<h1>It works!<\/h1>/i.test(http.body) && http.body.length < 200) {
    return { server: 'Apache', evidence: "body is Apache's stock default page ('It works!')" };
  }
  return undefined;
}

export const apacheFingerprint: ServerFingerprint = { server: 'Apache', matchErrorPage, matchDefaultPage };
