import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { CLOUDFRONT_502, CLOUDFRONT_HEADERS } from '../fixtures/pages/cdn-pages.js';
import {
  CLOUDFLARE_1020,
  CLOUDFLARE_ERROR_HEADERS,
  cloudflare5xxPage,
} from '../fixtures/pages/cloudflare-pages.js';
import { diagnoseEdgeOriginUnreachable } from './edge-origin-unreachable.js';

const edge = { hostname: 'shop.example.com' };

describe('diagnoseEdgeOriginUnreachable', () => {
  it.each([
    [
      521,
      'Web server is down',
      'Cloudflare 521 for shop.example.com: the origin refused the connection: the front door is shut; probe the origins directly',
    ],
    [
      522,
      'Connection timed out',
      'Cloudflare 522 for shop.example.com: the TCP connection to the origin timed out',
    ],
    [
      525,
      'SSL handshake failed',
      'Cloudflare 525 for shop.example.com: the TLS handshake between Cloudflare and the origin failed',
    ],
    [
      526,
      'Invalid SSL certificate',
      'Cloudflare 526 for shop.example.com: the origin presented an invalid certificate',
    ],
  ])('Cloudflare %i -> edge_origin_unreachable', (status, title, summary) => {
    const ctx = buildContext(
      {
        status,
        statusText: '',
        headers: CLOUDFLARE_ERROR_HEADERS(),
        body: cloudflare5xxPage('shop.example.com', status, title),
      },
      edge,
    );
    const diagnosis = diagnoseEdgeOriginUnreachable(ctx);
    expect(diagnosis?.verdict).toBe('edge_origin_unreachable');
    expect(diagnosis?.summary).toContain(summary);
  });

  it('CloudFront 502 -> edge_origin_unreachable', () => {
    const ctx = buildContext(
      { status: 502, statusText: 'Bad Gateway', headers: CLOUDFRONT_HEADERS(900), body: CLOUDFRONT_502 },
      edge,
    );
    expect(diagnoseEdgeOriginUnreachable(ctx)?.summary).toMatch(
      /^CloudFront 502 for shop\.example\.com: CloudFront could not connect to the origin/,
    );
  });

  it('stays silent for an edge block', () => {
    const ctx = buildContext(
      { status: 403, statusText: 'Forbidden', headers: CLOUDFLARE_ERROR_HEADERS(), body: CLOUDFLARE_1020 },
      edge,
    );
    expect(diagnoseEdgeOriginUnreachable(ctx)).toBeUndefined();
  });
});
