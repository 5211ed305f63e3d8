import type { HttpObservation } from '../../probe/observation.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// HAProxy's built-in errorfiles are one line of markup around a sentence and carry no Server header:
// "<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>"
const PAGE = /^\s*<html><body><h1>(\d{3}) ([^<]+)<\/h1>\s*([^<]+?)\s*<\/body><\/html>\s*$/i;

const REASONS: Record<string, string> = {
  'No server is available to handle this request.': 'no server of the backend is up',
  "The server didn't respond in time.": 'the backend server did not answer in time',
  'The server returned an invalid or incomplete response.':
    'the backend server refused or sent a broken answer',
  'An internal server error occurred.': 'HAProxy failed while processing the request',
};

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const page = PAGE.exec(http.body);
  if (page === null) return undefined;
  const sentence = page[3] ?? '';
  const reason = REASONS[sentence];
  return {
    server: 'HAProxy',
    evidence: `body is HAProxy's stock ${page[1]} page ('<h1>${page[1]} ${page[2]}</h1>' '${sentence}')`,
    ...(reason === undefined ? {} : { reason }),
  };
}

export const haproxyFingerprint: ServerFingerprint = {
  server: 'HAProxy',
  matchErrorPage,
  matchDefaultPage: () => undefined,
};
