import { describe, expect, it } from 'vitest';
import type { Target } from '../config/target.js';
import { buildObservation } from '../diagnose/fixtures/build-observation.js';
import type { Diagnosis } from '../diagnose/verdict.js';
import type { ProbeObservation } from '../probe/observation.js';
import {
  assembleResult,
  pickRepresentative,
  readHttpVersion,
  summarizeCertificate,
} from './assemble-result.js';

function observation(total: number, status?: number): ProbeObservation {
  const url = 'https://shop.example.com/health';
  const base: ProbeObservation = {
    request: { url },
    url,
    startedAt: '2024-04-15T21:47:22.000Z',
    redirects: [],
    timings: { connect: 0.3, total },
  };
  if (status === undefined) {
    return {
      ...base,
      failure: { phase: 'connect', code: 'connect_refused', detail: 'refused', durationMs: 0.3 },
    };
  }
  return {
    ...base,
    http: {
      method: 'GET',
      path: '/health',
      hostHeader: 'shop.example.com',
      status,
      statusText: '',
      httpVersion: '1.1',
      headers: {},
      ttfbMs: total / 2,
      transferMs: 0.1,
      body: '',
      bodyBytes: 0,
      bodyTruncated: false,
    },
  };
}

const target: Target = {
  id: 'shop.example.com via web2',
  name: 'shop.example.com via web2',
  url: 'https://shop.example.com/health',
  hostname: 'shop.example.com',
  via: 'web2',
  site: 'shop',
  environment: 'production',
  origin: 'web2',
  connectTo: { host: '2001:db8::12', port: 8443 },
  method: 'GET',
  headers: {},
  expect: { versionHeader: 'x-app-version' },
};

const failing: Diagnosis = {
  verdict: 'intermittent',
  layer: 'app',
  summary: '1 of 3 failed',
  evidence: ['e1'],
};

describe('pickRepresentative', () => {
  it('takes the first failing observation of a burst', () => {
    const observations = [observation(5, 200), observation(9, 500), observation(2, 500)];
    expect(pickRepresentative(observations, [false, true, true])).toBe(observations[1]);
  });

  it('takes the slowest when none failed', () => {
    const observations = [observation(5, 200), observation(9, 200), observation(2, 200)];
    expect(pickRepresentative(observations, [false, false, false])).toBe(observations[1]);
  });

  it('refuses an empty list rather than inventing a result', () => {
    expect(() => pickRepresentative([], [])).toThrow(RangeError);
  });
});

describe('readHttpVersion', () => {
  const tls = { servername: 'shop.example.com', authorized: true, durationMs: 1 };

  it("writes the answer's version as curl does: 2 for HTTP/2, 1.1 for HTTP/1.1", () => {
    const answered = observation(3, 200);
    expect(readHttpVersion(answered)).toBe('1.1');
    const http = answered.http;
    if (http === undefined) throw new Error('no answer');
    expect(readHttpVersion({ ...answered, http: { ...http, httpVersion: '2.0' } })).toBe('2');
  });

  it('falls back to what ALPN settled on when no answer came, and to nothing when neither is known', () => {
    const failed = observation(3);
    expect(readHttpVersion(failed)).toBeUndefined();
    expect(readHttpVersion({ ...failed, tls: { ...tls, alpn: 'h2' } })).toBe('2');
    expect(readHttpVersion({ ...failed, tls: { ...tls, alpn: 'http/1.1' } })).toBe('1.1');
    expect(readHttpVersion({ ...failed, tls })).toBeUndefined();
  });
});

describe('assembleResult', () => {
  it("copies the HTTP/1.1 re-probe's outcome of an http2_failure into the result", () => {
    const overHttp1 = { verdict: 'ok' as const, status: 200, summary: 'passes over HTTP/1.1' };
    const diagnosis: Diagnosis = {
      verdict: 'http2_failure',
      layer: 'http',
      summary: 'reset',
      evidence: [],
      overHttp1,
    };
    const result = assembleResult({ target, observations: [observation(2)], diagnosis, failed: [true] });
    expect(result.overHttp1).toEqual(overHttp1);
    expect(result.overHttp1).not.toBe(overHttp1);
  });

  it('fills the contract from the target, the diagnosis and the representative observation', () => {
    const observations = [observation(5, 200), observation(4, 500), observation(3, 200)];
    const result = assembleResult({ target, observations, diagnosis: failing, failed: [false, true, false] });
    expect(result).toEqual({
      id: 'shop.example.com via web2',
      target: 'shop.example.com via web2',
      url: 'https://shop.example.com/health',
      connectTo: '[2001:db8::12]:8443',
      verdict: 'intermittent',
      layer: 'app',
      summary: '1 of 3 failed',
      evidence: ['e1'],
      status: 500,
      httpVersion: '1.1',
      timings: { connect: 0.3, total: 4 },
      hostname: 'shop.example.com',
      via: 'web2',
      site: 'shop',
      origin: 'web2',
      environment: 'production',
      burst: { size: 3, failed: 1 },
    });
  });

  it('reports null status and connectTo for an unpinned probe with no response, and no burst for one probe', () => {
    const { connectTo: _pin, site: _site, origin: _origin, environment: _env, ...edge } = target;
    const diagnosis: Diagnosis = { verdict: 'connect_refused', layer: 'connect', summary: 's', evidence: [] };
    const result = assembleResult({
      target: { ...edge, via: 'edge' },
      observations: [observation(1)],
      diagnosis,
      failed: [true],
    });
    expect(result.connectTo).toBeNull();
    expect(result.status).toBeNull();
    expect('burst' in result).toBe(false);
    expect('site' in result).toBe(false);
  });

  it('takes the port from the URL when the pin names none', () => {
    const result = assembleResult({
      target: { ...target, connectTo: { host: '10.0.0.11' } },
      observations: [observation(1, 200)],
      diagnosis: { verdict: 'ok', layer: '-', summary: 'ok', evidence: [] },
      failed: [false],
    });
    expect(result.connectTo).toBe('10.0.0.11:443');
  });

  it('records the redirects followed and every dead address of a burst, each address once', () => {
    const first = observation(5, 200);
    first.redirects = [
      {
        url: 'http://shop.example.com/health',
        status: 301,
        location: 'https://shop.example.com/health',
        address: '10.0.0.11:80',
      },
    ];
    first.deadAddresses = [
      { address: '10.0.0.21', port: 443, family: 4, code: 'connect_timeout', durationMs: 251 },
    ];
    const second = observation(4, 200);
    second.deadAddresses = [
      { address: '10.0.0.21', port: 443, family: 4, code: 'connect_timeout', durationMs: 260 },
      {
        address: '2001:db8::21',
        port: 443,
        family: 6,
        code: 'connect_refused',
        errorCode: 'ECONNREFUSED',
        durationMs: 0.1,
      },
    ];
    const result = assembleResult({
      target,
      observations: [first, second],
      diagnosis: { verdict: 'ok', layer: '-', summary: 'ok', evidence: [] },
      failed: [false, false],
    });
    expect(result.redirects).toEqual([
      {
        url: 'http://shop.example.com/health',
        status: 301,
        location: 'https://shop.example.com/health',
        address: '10.0.0.11:80',
      },
    ]);
    expect(result.deadAddresses).toEqual([
      { address: '10.0.0.21:443', code: 'connect_timeout', durationMs: 260 },
      { address: '[2001:db8::21]:443', code: 'connect_refused', errorCode: 'ECONNREFUSED', durationMs: 0.1 },
    ]);
  });

  it('leaves redirects and dead addresses out when there are none', () => {
    const result = assembleResult({
      target,
      observations: [observation(1, 200)],
      diagnosis: { verdict: 'ok', layer: '-', summary: 'ok', evidence: [] },
      failed: [false],
    });
    expect('redirects' in result).toBe(false);
    expect('deadAddresses' in result).toBe(false);
  });
});

describe('summarizeCertificate', () => {
  it('gives every https result its certificate: names, issuer, dates, days left, chain, trust', () => {
    const probe = buildObservation({ status: 200, certificate: { validTo: '2026-12-07T04:02:11.482Z' } });
    if (probe.tls !== undefined) {
      probe.tls.chainLength = 2;
      probe.tls.coversName = true;
    }
    expect(summarizeCertificate(probe)).toEqual({
      subject: 'CN=shop.example.com',
      subjectAltNames: ['DNS:shop.example.com'],
      issuer: "C=US, O=Let's Encrypt, CN=R11",
      notBefore: '2026-10-01T00:00:00.000Z',
      notAfter: '2026-12-07T04:02:11.482Z',
      daysLeft: 14,
      chainLength: 2,
      selfSigned: false,
      trusted: true,
      coversName: true,
      fingerprint256: expect.stringMatching(/^3A:9F/),
    });
    expect(
      summarizeCertificate(buildObservation({ url: 'http://shop.example.com/', status: 200 })),
    ).toBeUndefined();
  });
});
