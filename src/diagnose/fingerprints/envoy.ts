import type { HttpObservation } from '../../probe/observation.js';
import type { ServerFingerprint, StockPage } from './server-fingerprint.js';

// Envoy's local replies are plain text: "upstream connect error or disconnect/reset before headers. reset
// reason: connection failure", "no healthy upstream", "upstream request timeout".
const LOCAL_REPLIES: Array<{ text: RegExp; reason: (match: RegExpExecArray) => string }> = [
  {
    text: /^upstream connect error or disconnect\/reset before headers\.?(?:.*?reset reason: ([^,\n]+))?/i,
    reason: (match) =>
      `its upstream refused or reset the connection${match[1] ? ` (${match[1].trim()})` : ''}`,
  },
  { text: /^no healthy upstream/i, reason: () => 'no upstream host of the cluster is healthy' },
  { text: /^upstream request timeout/i, reason: () => 'its upstream did not answer in time' },
];

function matchErrorPage(http: HttpObservation): StockPage | undefined {
  const body = http.body.trim();
  for (const reply of LOCAL_REPLIES) {
    const match = reply.text.exec(body);
    if (match === null) continue;
    return {
      server: 'Envoy',
      evidence: `body is Envoy's local reply '${body.split('\n')[0]}'`,
      reason: reply.reason(match),
    };
  }
  return undefined;
}

export const envoyFingerprint: ServerFingerprint = {
  server: 'Envoy',
  matchErrorPage,
  matchDefaultPage: () => undefined,
};
