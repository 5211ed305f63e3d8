import { describe, expect, it } from 'vitest';
import type { Target } from '../config/target.js';
import type { CertificateInfo, ProbeObservation, ProbeRequest } from '../probe/observation.js';
import { CATCH_ALL_HOST, catchAllKey, createCatchAllCache } from './catch-all-cache.js';

function target(url: string, connectTo?: Target['connectTo']): Target {
  const base: Target = {
    id: `${url}@web1`,
    name: url,
    url,
    hostname: new URL(url).hostname,
    via: 'web1',
    method: 'HEAD',
    headers: { authorization: 'secret' },
    expect: { versionHeader: 'x-app-version' },
  };
  return connectTo === undefined ? base : { ...base, connectTo };
}

/** What the target's own probe saw: over https, the certificate with this fingerprint. */
function answered(fingerprint?: string, redirects = 0): ProbeObservation {
  const observation: ProbeObservation = {
    request: { url: 'https://a.test/' },
    url: 'https://a.test/',
    startedAt: '',
    redirects: Array.from({ length: redirects }, () => ({
      url: 'https://a.test/',
      status: 302,
      location: '/x',
    })),
    timings: { total: 1 },
  };
  if (fingerprint === undefined) return observation;
  const certificate = { fingerprint256: fingerprint } as CertificateInfo;
  return { ...observation, tls: { servername: 'a.test', authorized: true, certificate, durationMs: 1 } };
}

function recordingProbe() {
  const requests: ProbeRequest[] = [];
  const probe = async (request: ProbeRequest): Promise<ProbeObservation> => {
    requests.push(request);
    return { request, url: request.url, startedAt: '', redirects: [], timings: { total: 1 } };
  };
  return { requests, probe };
}

describe('catchAllKey', () => {
  it('over http is the pinned address and port alone: hostname and path do not matter', () => {
    expect(catchAllKey(target('http://a.test/health', { host: '10.0.0.1' }), answered())).toBe(
      'http://10.0.0.1:80',
    );
    expect(catchAllKey(target('http://b.test/other', { host: '10.0.0.1', port: 80 }), answered())).toBe(
      'http://10.0.0.1:80',
    );
    expect(catchAllKey(target('http://a.test:8080/', { host: '::1' }), answered())).toBe('http://[::1]:8080');
  });

  it('over https adds the certificate the target was served, not its name', () => {
    const door = { host: '10.0.0.1' };
    expect(catchAllKey(target('https://a.test/', door), answered('AA:01'))).toBe(
      'https://10.0.0.1:443 certificate=AA:01',
    );
    expect(catchAllKey(target('https://b.test/x', door), answered('AA:01'))).toBe(
      'https://10.0.0.1:443 certificate=AA:01',
    );
    expect(catchAllKey(target('https://b.test/', door), answered('BB:02'))).toBe(
      'https://10.0.0.1:443 certificate=BB:02',
    );
  });

  it('falls back to the SNI over https when no certificate was seen or the probe was redirected', () => {
    const door = { host: '10.0.0.1', port: 8443 };
    expect(catchAllKey(target('https://a.test/', door), answered())).toBe('https://10.0.0.1:8443 sni=a.test');
    expect(catchAllKey(target('https://a.test/', door), answered('AA:01', 1))).toBe(
      'https://10.0.0.1:8443 sni=a.test',
    );
  });

  it('is undefined for unpinned targets', () => {
    expect(catchAllKey(target('https://a.test/'), answered('AA:01'))).toBeUndefined();
  });
});

describe('createCatchAllCache', () => {
  it('probes each door once, with the catch-all Host and the first asker URL, and shares the promise', async () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    const first = lookup(target('https://a.test/health', { host: '10.0.0.1' }), answered('AA:01'));
    const second = lookup(target('https://b.test/', { host: '10.0.0.1', port: 443 }), answered('AA:01'));
    expect(second).toBe(first);
    expect(requests).toEqual([
      {
        url: 'https://a.test/health',
        method: 'GET',
        connectTo: { host: '10.0.0.1' },
        hostHeader: CATCH_ALL_HOST,
      },
    ]);
    await first;
  });

  it('sends one request for 3,000 hostnames of one plain-http door', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    for (let n = 0; n < 3000; n += 1) lookup(target(`http://s${n}.test/`, { host: '10.0.0.1' }), answered());
    expect(requests).toHaveLength(1);
  });

  it('probes again for another certificate, address, port or scheme', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    lookup(target('https://a.test/', { host: '10.0.0.1' }), answered('AA:01'));
    lookup(target('https://b.test/', { host: '10.0.0.1' }), answered('BB:02'));
    lookup(target('https://a.test/', { host: '10.0.0.2' }), answered('AA:01'));
    lookup(target('https://a.test/', { host: '10.0.0.1', port: 8443 }), answered('AA:01'));
    lookup(target('http://a.test/', { host: '10.0.0.1' }), answered());
    expect(requests.map((request) => [request.url, request.connectTo])).toEqual([
      ['https://a.test/', { host: '10.0.0.1' }],
      ['https://b.test/', { host: '10.0.0.1' }],
      ['https://a.test/', { host: '10.0.0.2' }],
      ['https://a.test/', { host: '10.0.0.1', port: 8443 }],
      ['http://a.test/', { host: '10.0.0.1' }],
    ]);
  });

  it('leaves unpinned targets and targets whose site turned the comparison off alone', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    expect(lookup(target('https://a.test/'), answered('AA:01'))).toBeUndefined();
    const off = { ...target('https://a.test/', { host: '10.0.0.1' }), catchAll: false };
    expect(lookup(off, answered('AA:01'))).toBeUndefined();
    expect(requests).toHaveLength(0);
  });

  it('hands the fixed resolve answers over to the catch-all probe as the same map', () => {
    const { requests, probe } = recordingProbe();
    const resolve = { 'web1.internal': '10.0.0.9' };
    const pinned = { ...target('https://a.test/', { host: 'web1.internal' }), resolve };
    createCatchAllCache(probe)(pinned, answered('AA:01'));
    expect(requests[0]?.resolve).toBe(resolve);
  });
});
