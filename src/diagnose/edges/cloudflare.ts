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

// The 1xxx codes Cloudflare writes into the page body ("Troubleshooting Cloudflare 1XXX errors",
// developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/).
const ONE_XXX: Record<string, string> = {
  '1003': 'direct access by IP address is not allowed: the request named an IP, not a hostname',
  '1004': 'the hostname is not configured to serve web traffic',
  '1005': "the client's autonomous system (ASN) is banned",
  '1006': 'the client address is banned',
  '1007': 'the client address is banned',
  '1008': 'the client address is banned',
  '1106': 'the client address is banned',
  '1009': "the client's country or region is banned",
  '1010': "the client's browser signature is banned",
  '1011': 'hotlinking is denied',
  '1012': 'access denied',
  '1015': 'the client is being rate limited',
  '1016': 'origin DNS error: the origin hostname does not resolve',
  '1020': 'access denied by a firewall rule',
  '1033': 'Cloudflare Tunnel error: the tunnel to the origin is down',
  '1034': 'the edge IP address is restricted',
};

function isCloudflare(http: HttpObservation): boolean {
  return (
    readHeader(http, 'server')?.toLowerCase() === 'cloudflare' || readHeader(http, 'cf-ray') !== undefined
  );
}

// "Error code 521" (the 5xx pages' label), "Error code: 1015", <span class="cf-error-code">1020</span>,
// or "Error 1005" in the prose of older pages.
function readErrorCode(body: string): string | undefined {
  return /(?:Error code:?\s*|class="cf-error-code"[^>]*>\s*|\bError\s+(?=1\d{3}\b))(\d{3,4})/i.exec(
    body,
  )?.[1];
}

// How Cloudflare's own block and challenge pages read today: the firewall page's title "Access denied |
// HOST used Cloudflare to restrict access" (1020 and friends, some variants with no code in the body), the
// WAF block page "Attention Required! | Cloudflare" / "Sorry, you have been blocked", the rate-limit page,
// and the challenge interstitial "Just a moment..." whose script loads from /cdn-cgi/challenge-platform/.
const BLOCK_PAGE =
  /used Cloudflare to restrict access|Attention Required! \| Cloudflare|Sorry, you have been blocked|You are being rate limited/i;
const CHALLENGE_PAGE =
  /<title>\s*Just a moment\.\.\.\s*<\/title>|\/cdn-cgi\/challenge-platform\/|window\._cf_chl_opt/i;

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
    "check the zone's WAF, bot and rate-limiting rules (Security > Events, search the Ray ID) for the probe's address";
  // Cloudflare documents cf-mitigated: challenge as the one reliable mark of every challenge page type.
  const mitigated = readHeader(http, 'cf-mitigated')?.toLowerCase() === 'challenge';
  const challenge = CHALLENGE_PAGE.exec(http.body);
  if (mitigated || (challenge !== null && [403, 429, 503].includes(http.status))) {
    evidence.push(
      mitigated ? 'cf-mitigated: challenge' : `page carries the challenge script ('${challenge?.[0]}')`,
    );
    return {
      edge: 'Cloudflare',
      kind: 'blocked',
      code: 'challenge',
      meaning: 'a challenge page (bot check) was served instead of the site, which a probe cannot pass',
      next: "exempt the probe's address or user agent from the zone's challenge (WAF custom rule with Skip), or probe the origins directly",
      evidence,
    };
  }
  if (http.status !== 403 && http.status !== 429) return undefined;
  const code = readErrorCode(http.body);
  const blockPage = BLOCK_PAGE.exec(http.body);
  const oneXxx = code !== undefined && /^1\d{3}$/.test(code);
  if (!oneXxx && blockPage === null) return undefined;
  if (code !== undefined) evidence.push(`error page says 'Error code ${code}'`);
  if (blockPage !== null) evidence.push(`page says '${blockPage[0]}'`);
  const meaning =
    (code === undefined ? undefined : ONE_XXX[code]) ??
    (http.status === 429 ? 'the client is being rate limited' : 'the request was blocked by a security rule');
  return { edge: 'Cloudflare', kind: 'blocked', code: code ?? String(http.status), meaning, next, evidence };
}

export const recogniseCloudflare: EdgeRecogniser = (http) =>
  recogniseOriginError(http) ?? recogniseBlock(http);
