import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { buildContext } from '../fixtures/build-context.js';
import { CLOUDFRONT_403_WAF, CLOUDFRONT_HEADERS } from '../fixtures/pages/cdn-pages.js';
import {
  CLOUDFLARE_1020,
  CLOUDFLARE_CHALLENGE,
  CLOUDFLARE_ERROR_HEADERS,
  CLOUDFLARE_FIREWALL_TITLE_ONLY,
} from '../fixtures/pages/cloudflare-pages.js';
import { NGINX_502, NGINX_HEADERS } from '../fixtures/pages/nginx-pages.js';
import { diagnoseEdgeBlocked } from './edge-blocked.js';

const edge = { hostname: 'shop.example.com' };

describe('diagnoseEdgeBlocked', () => {
  it.each([
    [
      'Cloudflare 1020',
      { status: 403, statusText: 'Forbidden', headers: CLOUDFLARE_ERROR_HEADERS(), body: CLOUDFLARE_1020 },
      /^Cloudflare blocked the request for shop\.example\.com itself \(1020: access denied by a firewall rule\); the origin was never asked/,
    ],
    [
      'Cloudflare challenge',
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { ...CLOUDFLARE_ERROR_HEADERS(), 'cf-mitigated': 'challenge' },
        body: CLOUDFLARE_CHALLENGE,
      },
      /\(challenge: a challenge page \(bot check\) was served/,
    ],
    [
      'CloudFront WAF',
      { status: 403, statusText: 'Forbidden', headers: CLOUDFRONT_HEADERS(700), body: CLOUDFRONT_403_WAF },
      /^CloudFront blocked .*AWS WAF rule/,
    ],
  ])('%s -> edge_blocked', (_, response, summary) => {
    const diagnosis = diagnoseEdgeBlocked(buildContext(response, edge));
    expect(diagnosis?.verdict).toBe('edge_blocked');
    expect(diagnosis?.layer).toBe('edge');
    expect(diagnosis?.summary).toMatch(summary);
  });

  it('a 403 through Cloudflare carrying its firewall page is edge_blocked, not client_error', () => {
    const ctx = buildContext(
      {
        status: 403,
        statusText: 'Forbidden',
        headers: CLOUDFLARE_ERROR_HEADERS(),
        body: CLOUDFLARE_FIREWALL_TITLE_ONLY,
      },
      edge,
    );
    const diagnosis = diagnose({ target: ctx.target, observations: [ctx.observation] });
    expect(diagnosis.verdict).toBe('edge_blocked');
    expect(diagnosis.evidence).toContain("page says 'used Cloudflare to restrict access'");
  });

  it("stays silent for an origin's answer", () => {
    const ctx = buildContext(
      { status: 502, statusText: 'Bad Gateway', headers: NGINX_HEADERS(157), body: NGINX_502 },
      edge,
    );
    expect(diagnoseEdgeBlocked(ctx)).toBeUndefined();
  });
});
