import type { HttpObservation } from '../../probe/observation.js';
import { readHeader } from '../response-facts.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// Traefik writes the bare status text as a text/plain body ("Bad Gateway") and sends no Server header.
const TEXTS: Record<number, { text: string; reason: string }> = {
  502: { text: 'Bad Gateway', reason: 'its backend refused the connection or sent an invalid answer' },
  503: { text: 'Service Unavailable', reason: 'the service has no healthy server' },
  504: { text: 'Gateway Timeout', reason: 'its backend did not answer in time' },
};

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const expected = TEXTS[http.status];
  if (expected === undefined || http.body.trim() !== expected.text) return undefined;
  if (readHeader(http, 'server') !== undefined) return undefined;
  if (!(readHeader(http, 'content-type') ?? 'text/plain').startsWith('text/plain')) return undefined;
  return {
    server: 'Traefik',
    evidence: `plain-text body '${expected.text}' and no server header (Traefik's own answer)`,
    reason: expected.reason,
  };
}

export const traefikFingerprint: ServerFingerprint = {
  server: 'Traefik',
  matchErrorPage,
  matchDefaultPage: () => undefined,
};
