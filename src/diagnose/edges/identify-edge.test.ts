import { describe, expect, it } from 'vitest';
import { buildObservation } from '../fixtures/build-observation.js';
import {
  AKAMAI_403,
  AKAMAI_504,
  AKAMAI_HEADERS,
  CLOUDFRONT_403_WAF,
  CLOUDFRONT_502,
  CLOUDFRONT_HEADERS,
  FASTLY_406_WAF,
  FASTLY_503_FIRST_BYTE,
  FASTLY_HEADERS,
} from '../fixtures/pages/cdn-pages.js';
import {
  CLOUDFLARE_530_1016,
  CLOUDFLARE_1015,
  CLOUDFLARE_1020,
  CLOUDFLARE_CHALLENGE,
  CLOUDFLARE_CHALLENGE_503,
  CLOUDFLARE_ERROR_HEADERS,
  CLOUDFLARE_FIREWALL_TITLE_ONLY,
  CLOUDFLARE_WAF_BLOCK,
  cloudflare5xxPage,
} from '../fixtures/pages/cloudflare-pages.js';
import { NGINX_502, NGINX_HEADERS } from '../fixtures/pages/nginx-pages.js';
import { identifyEdgeAnswer } from './identify-edge.js';

function http(status: number, statusText: string, headers: Record<string, string>, body: string) {
  const observation = buildObservation({ status, statusText, headers, body });
  if (observation.http === undefined) throw new Error('fixture has no response');
  return observation.http;
}

const CLOUDFLARE_CODES: Array<[number, string, string]> = [
  [520, 'Web server is returning an unknown error', 'empty, unknown or reset'],
  [521, 'Web server is down', 'origin refused the connection: the front door is shut'],
  [522, 'Connection timed out', 'TCP connection to the origin timed out'],
  [523, 'Origin is unreachable', 'origin is unreachable'],
  [524, 'A timeout occurred', 'did not answer in time'],
  [525, 'SSL handshake failed', 'TLS handshake between Cloudflare and the origin failed'],
  [526, 'Invalid SSL certificate', 'invalid certificate'],
  [527, 'Railgun Listener to origin error', 'Railgun'],
];

describe('identifyEdgeAnswer: Cloudflare', () => {
  it.each(CLOUDFLARE_CODES)('%i -> origin_unreachable (%s)', (status, title, meaning) => {
    const answer = identifyEdgeAnswer(
      http(status, '', CLOUDFLARE_ERROR_HEADERS(), cloudflare5xxPage('shop.example.com', status, title)),
    );
    expect(answer).toMatchObject({ edge: 'Cloudflare', kind: 'origin_unreachable', code: String(status) });
    expect(answer?.meaning).toContain(meaning);
    expect(answer?.evidence).toContain(`error page says 'Error code ${status}'`);
    expect(answer?.evidence).toContain('cf-ray: 8e6f1c2b3a4d5e6f-AMS');
  });

  it('530 carries its 1xxx code from the body', () => {
    const answer = identifyEdgeAnswer(http(530, '', CLOUDFLARE_ERROR_HEADERS(), CLOUDFLARE_530_1016));
    expect(answer).toMatchObject({ kind: 'origin_unreachable', code: '530/1016' });
    expect(answer?.meaning).toContain('origin DNS error');
  });

  it.each([
    ['1020 firewall rule', 403, {}, CLOUDFLARE_1020, '1020'],
    ['managed challenge', 403, { 'cf-mitigated': 'challenge' }, CLOUDFLARE_CHALLENGE, 'challenge'],
    [
      'rate limit 1015',
      429,
      {},
      '<title>Access denied | shop.example.com used Cloudflare to restrict access</title><span class="cf-error-code">1015</span> You are being rate limited',
      '1015',
    ],
    ['firewall page with the code only in its title', 403, {}, CLOUDFLARE_FIREWALL_TITLE_ONLY, '403'],
    ['WAF block page, no 1xxx code', 403, {}, CLOUDFLARE_WAF_BLOCK, '403'],
    ['rate limit in the redesigned label', 429, {}, CLOUDFLARE_1015, '1015'],
    [
      'interstitial challenge answered 503 without cf-mitigated',
      503,
      {},
      CLOUDFLARE_CHALLENGE_503,
      'challenge',
    ],
    [
      'challenge header in upper case',
      403,
      { 'cf-mitigated': 'Challenge' },
      CLOUDFLARE_CHALLENGE,
      'challenge',
    ],
    [
      '1006 named in older prose',
      403,
      {},
      '<title>Access denied | shop.example.com used Cloudflare to restrict access</title><h1>Error 1006</h1>',
      '1006',
    ],
  ])('%s -> blocked', (_, status, extra, body, code) => {
    const answer = identifyEdgeAnswer(
      http(status, 'Forbidden', { ...CLOUDFLARE_ERROR_HEADERS(), ...extra }, body),
    );
    expect(answer).toMatchObject({ edge: 'Cloudflare', kind: 'blocked', code });
  });

  it('names what each block means', () => {
    const meaning = (status: number, body: string) =>
      identifyEdgeAnswer(http(status, '', CLOUDFLARE_ERROR_HEADERS(), body))?.meaning;
    expect(meaning(403, CLOUDFLARE_FIREWALL_TITLE_ONLY)).toBe('the request was blocked by a security rule');
    expect(meaning(429, CLOUDFLARE_1015)).toBe('the client is being rate limited');
    expect(meaning(403, CLOUDFLARE_1020)).toBe('access denied by a firewall rule');
    expect(meaning(503, CLOUDFLARE_CHALLENGE_503)).toContain('a challenge page (bot check)');
  });

  it("an origin's 503 passed through Cloudflare is not a challenge", () => {
    const body = '<html><head><title>503 Service Temporarily Unavailable</title></head></html>';
    expect(identifyEdgeAnswer(http(503, '', CLOUDFLARE_ERROR_HEADERS(), body))).toBeUndefined();
  });

  it("an origin's own 403 passed through Cloudflare is not the edge's", () => {
    const body =
      '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>';
    expect(identifyEdgeAnswer(http(403, 'Forbidden', CLOUDFLARE_ERROR_HEADERS(), body))).toBeUndefined();
  });

  it('a 521 from something that is not Cloudflare is not recognised', () => {
    expect(identifyEdgeAnswer(http(521, '', { server: 'nginx' }, ''))).toBeUndefined();
  });
});

describe('identifyEdgeAnswer: CloudFront, Fastly, Akamai', () => {
  it.each([
    [
      'CloudFront 502',
      http(502, 'Bad Gateway', CLOUDFRONT_HEADERS(900), CLOUDFRONT_502),
      'CloudFront',
      'origin_unreachable',
    ],
    [
      'CloudFront WAF 403',
      http(403, 'Forbidden', CLOUDFRONT_HEADERS(700), CLOUDFRONT_403_WAF),
      'CloudFront',
      'blocked',
    ],
    [
      'Fastly first byte timeout',
      http(503, 'first byte timeout', FASTLY_HEADERS(500), FASTLY_503_FIRST_BYTE),
      'Fastly',
      'origin_unreachable',
    ],
    ['Akamai Access Denied', http(403, 'Forbidden', AKAMAI_HEADERS(400), AKAMAI_403), 'Akamai', 'blocked'],
    [
      'Akamai Gateway Timeout',
      http(504, 'Gateway Timeout', AKAMAI_HEADERS(300), AKAMAI_504),
      'Akamai',
      'origin_unreachable',
    ],
  ])('%s', (_, response, edge, kind) => {
    expect(identifyEdgeAnswer(response)).toMatchObject({ edge, kind });
  });

  it("Fastly's Next-Gen WAF block (its default 406) is blocked; a 406 without Fastly is not", () => {
    expect(
      identifyEdgeAnswer(http(406, 'Not Acceptable', FASTLY_HEADERS(120), FASTLY_406_WAF)),
    ).toMatchObject({
      edge: 'Fastly',
      kind: 'blocked',
      code: '406',
    });
    expect(
      identifyEdgeAnswer(http(406, 'Not Acceptable', NGINX_HEADERS(120), FASTLY_406_WAF)),
    ).toBeUndefined();
  });

  it('Fastly names a first byte timeout', () => {
    const answer = identifyEdgeAnswer(
      http(503, 'first byte timeout', FASTLY_HEADERS(500), FASTLY_503_FIRST_BYTE),
    );
    expect(answer?.meaning).toBe('the origin accepted the connection but sent no first byte in time');
    expect(answer?.evidence).toContain('x-served-by: cache-ams21045-AMS');
  });

  it("Akamai's encoded reference is decoded into evidence", () => {
    const answer = identifyEdgeAnswer(http(403, 'Forbidden', AKAMAI_HEADERS(400), AKAMAI_403));
    expect(answer?.evidence).toContain("page carries 'Reference #18.c6a50517.1795406531.176b29a'");
  });

  it("nginx's 502 passed through CloudFront (x-cache: Error from cloudfront) is the origin's, not the edge's", () => {
    const response = http(
      502,
      'Bad Gateway',
      { ...CLOUDFRONT_HEADERS(157), ...NGINX_HEADERS(157), server: 'CloudFront' },
      NGINX_502,
    );
    expect(identifyEdgeAnswer(response)).toBeUndefined();
  });

  it('a plain origin answer is no edge answer', () => {
    expect(identifyEdgeAnswer(http(502, 'Bad Gateway', NGINX_HEADERS(157), NGINX_502))).toBeUndefined();
  });
});
