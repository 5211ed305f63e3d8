import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { buildContext } from '../fixtures/build-context.js';
import { NGINX_502, NGINX_HEADERS } from '../fixtures/pages/nginx-pages.js';
import { diagnoseCertificateExpiring } from './certificate-expiring.js';

// The recorded probe started at 2026-11-23T04:02:11.482Z.
const expiringIn = (days: number) =>
  new Date(Date.parse('2026-11-23T04:02:11.482Z') + days * 86_400_000 + 3_600_000).toISOString();

describe('diagnoseCertificateExpiring', () => {
  it('fails a certificate inside the default 14 days, naming the date and the limit', () => {
    const ctx = buildContext({ status: 200, certificate: { validTo: expiringIn(9) } });
    const diagnosis = diagnoseCertificateExpiring(ctx);
    expect(diagnosis).toMatchObject({ verdict: 'tls_expiring', layer: 'tls' });
    expect(diagnosis?.summary).toBe(
      'the certificate for shop.example.com on 10.0.0.11:443 expires in 9 days (2026-12-02), within the 14 days asked for: renew it and reload the proxy',
    );
    expect(diagnosis?.evidence.at(-1)).toBe('9 days left at 2026-11-23T04:02:11.482Z; cert_min_days 14');
  });

  it.each([
    ['15 days left, default limit', 15, undefined],
    ['20 days left, limit 14', 20, 14],
    ['3 days left, check turned off', 3, 0],
  ])('stays silent with %s', (_, days, certMinDays) => {
    const expect_ = certMinDays === undefined ? {} : { certMinDays };
    const ctx = buildContext(
      { status: 200, certificate: { validTo: expiringIn(days) } },
      { origin: 'web1', expect: expect_ },
    );
    expect(diagnoseCertificateExpiring(ctx)).toBeUndefined();
  });

  it('honours a site limit and says today on the last day', () => {
    const ctx = buildContext(
      { status: 200, certificate: { validTo: expiringIn(0) } },
      { origin: 'web1', expect: { certMinDays: 30 } },
    );
    expect(diagnoseCertificateExpiring(ctx)?.summary).toContain('expires today');
  });

  it('never hides a failing answer: a 502 with an expiring certificate is the 502', () => {
    const ctx = buildContext({
      status: 502,
      statusText: 'Bad Gateway',
      headers: NGINX_HEADERS(157),
      body: NGINX_502,
      certificate: { validTo: expiringIn(2) },
    });
    expect(diagnose({ target: ctx.target, observations: [ctx.observation] }).verdict).toBe(
      'proxy_upstream_unavailable',
    );
  });
});
