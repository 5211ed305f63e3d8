import type { HttpObservation } from '../../probe/observation.js';
import { formatStatus, readHeader, readTitle } from '../response-facts.js';
import type { EdgeAnswer, EdgeRecogniser } from './edge-answer.js';

// Fastly's synthetic 503s (docs.fastly.com, "Common 503 errors"): "Error 503 Backend unavailable,
// connection failed", "first byte timeout", "backend read error", "All backends failed or unhealthy",
// on Varnish's page with "Guru Mediation:" and "Varnish cache server", headers via: 1.1 varnish and
// x-served-by: cache-<pop>.
const REASONS: Array<{ text: RegExp; meaning: string; next: string }> = [
  {
    text: /Backend unavailable, connection failed|connection failed/i,
    meaning: 'Fastly could not connect to the origin',
    next: 'probe the origin directly and check who owns its port (frontdoor host)',
  },
  {
    text: /first byte timeout/i,
    meaning: 'the origin accepted the connection but sent no first byte in time',
    next: 'look at the upstream behind the proxy (hung app workers) or raise the backend first-byte timeout',
  },
  {
    text: /backend read error/i,
    meaning: 'reading the answer from the origin failed (timeout or reset)',
    next: 'probe the origin directly and read its proxy error log',
  },
  {
    text: /All backends failed or unhealthy/i,
    meaning: 'every backend of the director is failing its health check',
    next: 'probe each origin directly; fix the health check path or the origins',
  },
];

function isFastly(http: HttpObservation): boolean {
  return (
    /^cache-/i.test(readHeader(http, 'x-served-by') ?? '') || /varnish/i.test(readHeader(http, 'via') ?? '')
  );
}

function describeResponse(http: HttpObservation): string[] {
  const evidence = [`answered ${formatStatus(http)}`];
  for (const name of ['via', 'x-served-by', 'x-cache']) {
    const value = readHeader(http, name);
    if (value !== undefined) evidence.push(`${name}: ${value}`);
  }
  return evidence;
}

// Fastly's Next-Gen WAF (formerly Signal Sciences) answers a blocked request with 406 Not Acceptable
// unless the workspace chose another code ("Using custom agent response codes", fastly.com/documentation/
// guides/next-gen-waf). Origins almost never send 406 to a plain GET, so a 406 through Fastly is its block.
function recogniseWafBlock(http: HttpObservation): EdgeAnswer | undefined {
  if (http.status !== 406) return undefined;
  return {
    edge: 'Fastly',
    kind: 'blocked',
    code: '406',
    meaning: 'the Next-Gen WAF blocked the request (406 is its default blocking response)',
    next: "find the request in the Next-Gen WAF's requests view and the rule or signal that blocked it",
    evidence: [...describeResponse(http), '406 is the Next-Gen WAF default blocking response code'],
  };
}

export const recogniseFastly: EdgeRecogniser = (http): EdgeAnswer | undefined => {
  if (!isFastly(http)) return undefined;
  if (http.status !== 503) return recogniseWafBlock(http);
  const said = `${http.statusText}\n${http.body}`;
  const reason = REASONS.find((candidate) => candidate.text.test(said));
  const guru = /Guru Medi(?:t)?ation/i.test(http.body);
  if (reason === undefined && !guru) return undefined;
  const evidence = describeResponse(http);
  const title = readTitle(http.body);
  if (title !== undefined) evidence.push(`page title '${title}'`);
  return {
    edge: 'Fastly',
    kind: 'origin_unreachable',
    code: '503',
    meaning: reason?.meaning ?? 'Fastly could not get an answer from the origin',
    next: reason?.next ?? 'probe the origins directly',
    evidence,
  };
};
