import { describe, expect, it } from 'vitest';
import { diagnose } from '../../diagnose/diagnose.js';
import { buildFailure, buildObservation } from '../../diagnose/fixtures/build-observation.js';
import type { ProbeObservation } from '../../probe/observation.js';
import { judgeModuleProbe } from './judge-module-probe.js';
import { moduleFrom } from './module-fixture.test-helper.js';
import { planModuleProbe } from './plan-module-probe.js';
import {
  computeProbeFigures,
  GO_ZERO_TIME_SECONDS,
  hashAddress,
  readContentLength,
  sumPhases,
} from './probe-figures.js';
import type { ModuleProbeOutcome } from './run-module-probe.js';

function outcomeOf(observation: ProbeObservation | undefined, httpBlock = ''): ModuleProbeOutcome {
  const module = moduleFrom(httpBlock);
  const planned = planModuleProbe(observation?.request.url ?? 'https://shop.example.com/health', module);
  if (!planned.ok) throw new Error(planned.problem);
  const { target } = planned.plan;
  if (observation === undefined) {
    return {
      module,
      judgement: { success: false, failedDueToRegex: false, reasons: ['x'] },
      durationSeconds: 0.25,
      log: [],
    };
  }
  return {
    module,
    plan: planned.plan,
    observation,
    diagnosis: diagnose({ target, observations: [observation] }),
    judgement: judgeModuleProbe(target, observation),
    durationSeconds: 0.25,
    log: [],
  };
}

/** Sums of milliseconds in seconds carry float noise (2.1 / 1000 = 0.0021000000000000003). */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** name{labels} -> value, for comparing whole answers. */
function figures(outcome: ModuleProbeOutcome): Record<string, number> {
  return Object.fromEntries(
    computeProbeFigures(outcome).map((sample) => {
      const labels = Object.entries(sample.labels ?? {})
        .map(([name, value]) => `${name}="${value}"`)
        .join(',');
      return [labels === '' ? sample.name : `${sample.name}{${labels}}`, tidy(sample.value)];
    }),
  );
}

describe('computeProbeFigures', () => {
  it("answers a healthy HTTPS probe with blackbox's series and the verdict", () => {
    const observation = buildObservation({
      status: 200,
      body: 'ok',
      headers: { 'content-length': '2', 'last-modified': 'Wed, 21 Oct 2026 07:28:00 GMT' },
    });
    observation.tls = {
      ...(observation.tls as NonNullable<ProbeObservation['tls']>),
      chainValidTo: ['2026-12-30T23:59:59.000Z', '2027-09-15T16:00:00.000Z'],
    };
    expect(figures(outcomeOf(observation))).toEqual({
      probe_success: 1,
      probe_duration_seconds: 0.25,
      probe_http_content_length: 2,
      probe_http_uncompressed_body_length: 2,
      probe_http_redirects: 0,
      probe_http_ssl: 1,
      probe_http_status_code: 200,
      probe_http_version: 1.1,
      probe_failed_due_to_regex: 0,
      probe_ip_protocol: 4,
      probe_ip_addr_hash: hashAddress('10.0.0.11'),
      probe_dns_lookup_time_seconds: 0.0012,
      'probe_http_duration_seconds{phase="resolve"}': 0.0012,
      'probe_http_duration_seconds{phase="connect"}': 0.0004,
      'probe_http_duration_seconds{phase="tls"}': 0.0021,
      'probe_http_duration_seconds{phase="processing"}': 0.0031,
      'probe_http_duration_seconds{phase="transfer"}': 0.0002,
      probe_http_last_modified_timestamp_seconds: Date.parse('2026-10-21T07:28:00Z') / 1000,
      probe_ssl_earliest_cert_expiry: Date.parse('2026-12-30T23:59:59Z') / 1000,
      'probe_tls_version_info{version="TLS 1.3"}': 1,
      probe_ssl_last_chain_expiry_timestamp_seconds: Date.parse('2026-12-30T23:59:59Z') / 1000,
      'probe_ssl_last_chain_info{fingerprint_sha256="3a9f5c110b7e42d861aa0493e25bc7198df0362e71c49b05ae58126fd38740bc",subject="CN=shop.example.com",issuer="CN=R11,O=Let\'s Encrypt,C=US",subjectalternative="DNS:shop.example.com"}': 1,
      'frontdoor_verdict{verdict="ok",layer="-"}': 1,
    });
  });

  it('reads probe_http_version 2 for an answer in HTTP/2, as blackbox does', () => {
    const observation = buildObservation({ status: 200, alpn: 'h2', httpVersion: '2.0' });
    expect(figures(outcomeOf(observation)).probe_http_version).toBe(2);
  });

  it('takes the earliest expiry anywhere in the chain, and Go zero time as the last chain without a verified one', () => {
    const observation = buildObservation({ status: 200, authorized: false });
    observation.tls = {
      ...(observation.tls as NonNullable<ProbeObservation['tls']>),
      chainValidTo: ['2027-01-01T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    };
    const got = figures(outcomeOf(observation, 'tls_config: { insecure_skip_verify: true }'));
    expect(got.probe_ssl_earliest_cert_expiry).toBe(Date.parse('2026-11-30T00:00:00Z') / 1000);
    expect(got.probe_ssl_last_chain_expiry_timestamp_seconds).toBe(GO_ZERO_TIME_SECONDS);
  });

  it('answers a refused connection with zeros, the resolve phase, and no certificate series', () => {
    const observation = buildObservation({
      failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED'),
    });
    const got = figures(outcomeOf(observation));
    expect(got).toMatchObject({
      probe_success: 0,
      probe_http_status_code: 0,
      probe_http_ssl: 0,
      probe_http_version: 0,
      probe_http_content_length: 0,
      'probe_http_duration_seconds{phase="connect"}': 0,
      'probe_http_duration_seconds{phase="tls"}': 0,
      'frontdoor_verdict{verdict="connect_refused",layer="connect"}': 1,
    });
    expect(
      Object.keys(got).filter((name) => name.startsWith('probe_ssl') || name.startsWith('probe_tls')),
    ).toEqual([]);
  });

  it('reports a lookup that failed: its time, and no address', () => {
    const observation = buildObservation({ failure: buildFailure('dns', 'dns_not_found', 'ENOTFOUND', 4) });
    const got = figures(outcomeOf(observation));
    expect(got).toMatchObject({
      probe_ip_protocol: 0,
      probe_ip_addr_hash: 0,
      probe_dns_lookup_time_seconds: 0.004,
      'probe_http_duration_seconds{phase="resolve"}': 0.004,
      'frontdoor_verdict{verdict="dns_failure",layer="dns"}': 1,
    });
    expect(Object.keys(got).filter((name) => name.startsWith('probe_http_duration_seconds'))).toEqual([
      'probe_http_duration_seconds{phase="resolve"}',
    ]);
  });

  it('has only the request-level series for a target that is not a URL', () => {
    expect(Object.keys(figures(outcomeOf(undefined)))).toEqual([
      'probe_success',
      'probe_duration_seconds',
      'probe_http_content_length',
      'probe_http_uncompressed_body_length',
      'probe_http_redirects',
      'probe_http_ssl',
      'probe_http_status_code',
      'probe_http_version',
      'probe_failed_due_to_regex',
    ]);
  });

  it('counts an unfollowed redirect as one, with its body unread, as blackbox does', () => {
    const observation = buildObservation({
      status: 301,
      headers: { location: '/next', 'content-length': '5' },
      body: 'moved',
    });
    const got = figures(outcomeOf(observation, 'follow_redirects: false'));
    expect(got).toMatchObject({
      probe_http_redirects: 1,
      probe_http_status_code: 301,
      probe_http_uncompressed_body_length: 0,
      probe_http_content_length: 5,
      probe_success: 0,
    });
  });

  it('sums phases over followed redirects, the transfer of the final answer only', () => {
    const observation = buildObservation({
      status: 200,
      redirects: [
        {
          url: 'https://shop.example.com/a',
          status: 301,
          location: '/b',
          timings: { dns: 1, connect: 2, tls: 3, ttfb: 4, transfer: 5, total: 0 },
        },
      ],
    });
    const sums = Object.fromEntries(
      Object.entries(sumPhases(observation)).map(([phase, value]) => [phase, tidy(value)]),
    );
    expect(sums).toEqual({
      resolve: 0.0022,
      connect: 0.0024,
      tls: 0.0051,
      processing: 0.0071,
      transfer: 0.0002,
    });
    expect(figures(outcomeOf(observation)).probe_http_redirects).toBe(1);
  });
});

describe('readContentLength', () => {
  const http = (status: number, headers: Record<string, string>) =>
    buildObservation({ status, headers }).http as NonNullable<ProbeObservation['http']>;
  it.each<[number, Record<string, string>, number]>([
    [200, { 'content-length': '42' }, 42],
    [200, { 'transfer-encoding': 'chunked' }, -1],
    [200, {}, -1],
    [204, {}, 0],
    [304, { 'content-length': '42' }, 0],
  ])('status %d with %j -> %d', (status, headers, length) => {
    expect(readContentLength(http(status, headers))).toBe(length);
  });
});

describe('hashAddress (FNV-1a over the address bytes, as blackbox ipHash)', () => {
  it.each<[string, number]>([
    // FNV-1a 32 of the bytes 127.0.0.1 and of the 16 bytes of ::1, computed apart (Python).
    ['127.0.0.1', 0xdaaf40ed],
    ['::ffff:127.0.0.1', 0xdaaf40ed],
    ['::1', 0x68691772],
  ])('%s -> %d', (address, hash) => {
    expect(hashAddress(address)).toBe(hash);
  });
});
