import { describe, expect, it } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { CertificateSummary } from '../diagnose/target-result.js';
import type { Verdict } from '../diagnose/verdict.js';
import type { TargetRound } from '../incidents/round.js';
import type { FleetTarget } from './fleet-target.js';
import { renderTargetMain, type TargetPageModel } from './render-target.js';

const CERTIFICATE: CertificateSummary = {
  subject: 'CN=shop.example.test',
  subjectAltNames: ['shop.example.test'],
  issuer: 'CN=lab CA',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2027-01-30T00:00:00.000Z',
  daysLeft: 68,
  chainLength: 2,
  selfSigned: false,
  trusted: true,
  coversName: true,
  fingerprint256: 'AB:CD',
};

function round(verdict: Verdict, at: string, certificate?: CertificateSummary): TargetRound {
  const result = buildResult('shop.example.test', 'web1', verdict);
  if (certificate !== undefined) result.certificate = certificate;
  result.evidence = [`${verdict} evidence line`];
  return { at, location: 'local', reason: 'scheduled', result };
}

const TARGET: FleetTarget = {
  id: 'shop:shop.example.test/health@web1',
  name: 'shop.example.test via web1',
  url: 'https://shop.example.test/health',
  hostname: 'shop.example.test',
  via: 'web1',
  site: 'shop',
  origin: 'web1',
  environment: 'production',
  intervalMs: 30_000,
  latest: null,
};

const model = (overrides: Partial<TargetPageModel>): TargetPageModel => ({
  target: TARGET,
  latest: null,
  lastFailure: null,
  lastPass: null,
  range: '6h',
  history: { resolution: 'raw', points: [], truncated: false },
  certMinDays: 14,
  ...overrides,
});

describe('the target page', () => {
  it("shows the latest round's certificate and its days left", () => {
    const passing = round('ok', '2026-11-23T04:00:00.000Z', CERTIFICATE);
    const page = renderTargetMain(model({ latest: passing, lastPass: passing })).html;
    expect(page).toContain('68 days left');
    expect(page).toContain('CN=lab CA');
    expect(page).not.toContain('id="certificate-seen"');
  });

  // Incident 000: web1 refuses connections, so its latest round has no certificate; the operator still
  // wants to know the certificate was fine and how long it has left.
  it('shows the certificate of the last passing round, and when it was seen, while the door is shut', () => {
    const page = renderTargetMain(
      model({
        latest: round('connect_refused', '2026-11-23T04:05:00.000Z'),
        lastFailure: round('connect_refused', '2026-11-23T04:05:00.000Z'),
        lastPass: round('ok', '2026-11-23T04:00:30.000Z', CERTIFICATE),
      }),
    ).html;
    expect(page).toContain('68 days left');
    expect(page).toMatch(
      /id="certificate-seen"[^>]*>[^<]*last passing round saw, at 2026-11-23 04:00:30 UTC/,
    );
    expect(page).toContain('<pre class="evidence">connect_refused evidence line</pre>');
  });

  it('says there is no certificate when no round ever completed a handshake', () => {
    const page = renderTargetMain(
      model({ latest: round('connect_refused', '2026-11-23T04:05:00.000Z') }),
    ).html;
    expect(page).toContain('No certificate (plain HTTP, or no TLS handshake completed).');
  });
});
