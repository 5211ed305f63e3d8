import { describe, expect, it } from 'vitest';
import type { Target } from '../config/target.js';
import type { CertificateInfo, ProbeObservation, ProbeRequest } from '../probe/observation.js';
import type { ProbeOptions } from '../probe/probe-options.js';
import { CATCH_ALL_HOST, catchAllKey, catchAllProbeOptions, createCatchAllCache } from './catch-all-cache.js';

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

describe('catchAllKey', () => {
  it('is the pinned door: scheme, address and port; hostname and path do not matter', () => {
    expect(catchAllKey(target('http://a.test/health', { host: '10.0.0.1' }))).toBe('http://10.0.0.1:80');
    expect(catchAllKey(target('http://b.test/other', { host: '10.0.0.1', port: 80 }))).toBe(
      'http://10.0.0.1:80',
    );
    expect(catchAllKey(target('http://a.test:8080/', { host: '::1' }))).toBe('http://[::1]:8080');
    expect(catchAllKey(target('https://b.test/x', { host: '10.0.0.1' }))).toBe('https://10.0.0.1:443');
  });

  it('is undefined for unpinned targets', () => {
    expect(catchAllKey(target('https://a.test/'))).toBeUndefined();
  });
});

/** A probe whose https answers carry the certificate `fingerprint` (the door's default certificate). */
function recordingProbe(fingerprint = 'AA:01') {
  const requests: ProbeRequest[] = [];
  const probe = async (request: ProbeRequest): Promise<ProbeObservation> => {
    requests.push(request);
    const observation: ProbeObservation = {
      request,
      url: request.url,
      startedAt: '',
      redirects: [],
      timings: { total: 1 },
    };
    if (!request.url.startsWith('https:')) return observation;
    const certificate = { fingerprint256: fingerprint } as CertificateInfo;
    const tls = { servername: CATCH_ALL_HOST, authorized: false, certificate, durationMs: 1 };
    return { ...observation, tls };
  };
  return { requests, probe };
}

describe('createCatchAllCache', () => {
  it('probes each door once, as a name no server knows in Host and SNI, and shares the answer', async () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    const first = lookup(target('https://a.test/health', { host: '10.0.0.1' }), answered('AA:01'));
    const second = lookup(target('https://b.test/', { host: '10.0.0.1', port: 443 }), answered('AA:01'));
    expect(requests).toEqual([
      {
        url: `https://${CATCH_ALL_HOST}/health`,
        method: 'GET',
        connectTo: { host: '10.0.0.1' },
        hostHeader: CATCH_ALL_HOST,
      },
    ]);
    const [one, two] = await Promise.all([first, second]);
    expect(one?.tls?.certificate?.fingerprint256).toBe('AA:01');
    expect(two).toBe(one);
  });

  it('sends one request for 3,000 hostnames of one door, over http and over https', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    for (let n = 0; n < 3000; n += 1) {
      lookup(target(`http://s${n}.test/`, { host: '10.0.0.1' }), answered());
      // a certificate per name: still one catch-all for the door
      lookup(target(`https://s${n}.test/`, { host: '10.0.0.1' }), answered(`CC:${n}`));
    }
    expect(requests.map((request) => request.url)).toEqual([
      `http://${CATCH_ALL_HOST}/`,
      `https://${CATCH_ALL_HOST}/`,
    ]);
  });

  it('over https compares only a target served the certificate the door gives an unknown name', async () => {
    const { probe } = recordingProbe('AA:01');
    const lookup = createCatchAllCache(probe);
    const door = { host: '10.0.0.1' };
    // b.test got a certificate of its own: its SNI picked a TLS host, whose answer the catch-all is not.
    expect(await lookup(target('https://b.test/', door), answered('BB:02'))).toBeUndefined();
    expect(await lookup(target('https://u.test/', door), answered('AA:01'))).toMatchObject({
      tls: { certificate: { fingerprint256: 'AA:01' } },
    });
  });

  it('gives no comparison to an https answer without a certificate of its own door (none seen, redirected)', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    const door = { host: '10.0.0.1', port: 8443 };
    expect(lookup(target('https://a.test/', door), answered())).toBeUndefined();
    expect(lookup(target('https://a.test/', door), answered('AA:01', 1))).toBeUndefined();
    expect(requests).toHaveLength(0);
  });

  it('probes again for another address, port or scheme', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    lookup(target('https://a.test/', { host: '10.0.0.1' }), answered('AA:01'));
    lookup(target('https://b.test/', { host: '10.0.0.1' }), answered('BB:02'));
    lookup(target('https://a.test/', { host: '10.0.0.2' }), answered('AA:01'));
    lookup(target('https://a.test/', { host: '10.0.0.1', port: 8443 }), answered('AA:01'));
    lookup(target('http://a.test/', { host: '10.0.0.1' }), answered());
    expect(requests.map((request) => [request.url, request.connectTo])).toEqual([
      [`https://${CATCH_ALL_HOST}/`, { host: '10.0.0.1' }],
      [`https://${CATCH_ALL_HOST}/`, { host: '10.0.0.2' }],
      [`https://${CATCH_ALL_HOST}/`, { host: '10.0.0.1', port: 8443 }],
      [`http://${CATCH_ALL_HOST}/`, { host: '10.0.0.1' }],
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

describe('catchAllProbeOptions', () => {
  it('accepts any certificate, since no certificate covers the catch-all name', () => {
    const options = { tls: { insecure: false, caFiles: [] } } as unknown as ProbeOptions;
    expect(catchAllProbeOptions(options).tls.insecure).toBe(true);
    expect(options.tls.insecure).toBe(false);
  });
});
