import type { HttpObservation } from '../../probe/observation.js';
import { formatStatus, readHeader, readTitle } from '../response-facts.js';
import type { EdgeAnswer, EdgeRecogniser } from './edge-answer.js';

// Cloudflare's 5xx error pages (developers.cloudflare.com, "Cloudflare 5xx errors"): 520-527 and 530 are
// Cloudflare's own statuses for "could not get a usable answer from the origin"; pages read
// "<title>shop.example.com | 521: Web server is down</title>" ... "Error code 521", with server: cloudflare
// and a cf-ray header. 1xxx codes appear only in the body (530 + 1016, 403 + 1020, 429 + 1015).
const PROBE_ORIGINS =
  'probe the origins directly (frontdoor check) and ask their hosts who owns the port (frontdoor host)';

const ORIGIN_CODES: Record<number, { meaning: string; next: string }> = {
  520: {
    meaning: 'the origin answered with something empty, unknown or reset after connecting',
    next: "probe the origins directly and read the proxy's error log for resets or crashed workers",
  },
  521: { meaning: 'the origin refused the connection: the front door is shut', next: PROBE_ORIGINS },
  522: {
    meaning: 'the TCP connection to the origin timed out',
    next: "check the origin is up and its firewall allows Cloudflare's addresses; probe it directly",
  },
  523: {
    meaning: 'the origin is unreachable (no route, or its DNS record points nowhere)',
    next: "check the origin address in Cloudflare's DNS and the route to it",
  },
  524: {
    meaning: 'the origin accepted the connection but did not answer in time (100 s)',
    next: 'look at the upstream behind the proxy (hung app workers, slow queries)',
  },
  525: {
    meaning: 'the TLS handshake between Cloudflare and the origin failed',
    next: 'probe the origin directly on :443: something there may not speak TLS (frontdoor host shows who owns the port)',
  },
  526: {
    meaning: 'the origin presented an invalid certificate (Full strict mode)',
    next: "probe the origin directly to see its certificate: expired, wrong name, or the wrong process's certificate",
  },
  527: {
    meaning: "the connection between Cloudflare and the origin's Railgun listener failed",
    next: 'check the Railgun listener on the origin',
  },
  530: {
    meaning: 'Cloudflare could not resolve or reach the origin (see the 1xxx code)',
    next: "check the origin's DNS record or tunnel in Cloudflare",
  },
};

const ONE_XXX: Record<string, string> = {
  '1016': 'origin DNS error: the origin hostname does not resolve',
  '1033': 'Cloudflare Tunnel error: the tunnel to the origin is down',
  '1006': 'the client address is banned',
  '1007': 'the client address is banned',
  '1008': 'the client address is banned',
  '1009': 'the client country is banned',
  '1010': "the client's browser signature is banned",
  '1012': 'access denied',
  '1015': 'the client is being rate limited',
  '1020': 'access denied by a firewall rule',
};

function isCloudflare(http: HttpObservation): boolean {
  return (
    readHeader(http, 'server')?.toLowerCase() === 'cloudflare' || readHeader(http, 'cf-ray') !== undefined
  );
}

function readErrorCode(body: string): string | undefined {
  return /(?:Error code:?\s*|class="cf-error-code">\s*)(\d{3,4})/i.exec(body)?.[1];
}

function describeResponse(http: HttpObservation): string[] {
  const evidence = [`answered ${formatStatus(http)}`];
  const server = readHeader(http, 'server');
  if (server !== undefined) evidence.push(`server: ${server}`);
  const ray = readHeader(http, 'cf-ray');
  if (ray !== undefined) evidence.push(`cf-ray: ${ray}`);
  const title = readTitle(http.body);
  if (title !== undefined) evidence.push(`page title '${title}'`);
  return evidence;
}

function recogniseOriginError(http: HttpObservation): EdgeAnswer | undefined {
  const known = ORIGIN_CODES[http.status];
  const bodyCode = readErrorCode(http.body);
  if (known === undefined || !(isCloudflare(http) || bodyCode === String(http.status))) return undefined;
  const evidence = describeResponse(http);
  if (http.status === 530 && bodyCode !== undefined && bodyCode !== '530') {
    const meaning = ONE_XXX[bodyCode] ?? known.meaning;
    evidence.push(`error page says 'Error code ${bodyCode}'`);
    return {
      edge: 'Cloudflare',
      kind: 'origin_unreachable',
      code: `530/${bodyCode}`,
      meaning,
      next: known.next,
      evidence,
    };
  }
  if (bodyCode !== undefined) evidence.push(`error page says 'Error code ${bodyCode}'`);
  return { edge: 'Cloudflare', kind: 'origin_unreachable', code: String(http.status), ...known, evidence };
}

function recogniseBlock(http: HttpObservation): EdgeAnswer | undefined {
  if (!isCloudflare(http)) return undefined;
  const evidence = describeResponse(http);
  const next =
    "check the zone's WAF, bot and rate-limiting rules (Security > Events) for the probe's address";
  if (readHeader(http, 'cf-mitigated') === 'challenge') {
    evidence.push('cf-mitigated: challenge');
    return {
      edge: 'Cloudflare',
      kind: 'blocked',
      code: 'challenge',
      meaning: 'a challenge page was served instead of the site',
      next,
      evidence,
    };
  }
  if (http.status !== 403 && http.status !== 429) return undefined;
  const code = readErrorCode(http.body);
  const blockPage =
    /Attention Required! \| Cloudflare|Sorry, you have been blocked|You are being rate limited|Just a moment\.\.\./i.exec(
      http.body,
    );
  if ((code === undefined || !code.startsWith('10')) && blockPage === null) return undefined;
  if (code !== undefined) evidence.push(`error page says 'Error code ${code}'`);
  if (blockPage !== null) evidence.push(`page says '${blockPage[0]}'`);
  const meaning =
    (code === undefined ? undefined : ONE_XXX[code]) ?? 'the request was blocked by a security rule';
  return { edge: 'Cloudflare', kind: 'blocked', code: code ?? String(http.status), meaning, next, evidence };
}

export const recogniseCloudflare: EdgeRecogniser = (http) =>
  recogniseOriginError(http) ?? recogniseBlock(http);
