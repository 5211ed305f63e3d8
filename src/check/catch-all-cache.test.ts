import { describe, expect, it } from 'vitest';
import type { Target } from '../config/target.js';
import type { ProbeObservation, ProbeRequest } from '../probe/observation.js';
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

function recordingProbe() {
  const requests: ProbeRequest[] = [];
  const probe = async (request: ProbeRequest): Promise<ProbeObservation> => {
    requests.push(request);
    return { request, url: request.url, startedAt: '', redirects: [], timings: { total: 1 } };
  };
  return { requests, probe };
}

describe('catchAllKey', () => {
  it('is scheme, pinned address, port (defaulted from the URL) and SNI; the path does not matter', () => {
    expect(catchAllKey(target('https://a.test/health', { host: '10.0.0.1' }))).toBe(
      'https://10.0.0.1:443 sni=a.test',
    );
    expect(catchAllKey(target('https://a.test/other', { host: '10.0.0.1', port: 443 }))).toBe(
      'https://10.0.0.1:443 sni=a.test',
    );
    expect(catchAllKey(target('http://a.test:8080/', { host: '::1' }))).toBe('http://[::1]:8080 sni=a.test');
  });

  it('is undefined for unpinned targets', () => {
    expect(catchAllKey(target('https://a.test/'))).toBeUndefined();
  });
});

describe('createCatchAllCache', () => {
  it('probes each front door once, with the catch-all Host, and shares the promise', async () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    const first = lookup(target('https://a.test/health', { host: '10.0.0.1' }));
    const second = lookup(target('https://a.test/', { host: '10.0.0.1', port: 443 }));
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

  it('probes again for another SNI, address, port or scheme', () => {
    const { requests, probe } = recordingProbe();
    const lookup = createCatchAllCache(probe);
    lookup(target('https://a.test/', { host: '10.0.0.1' }));
    lookup(target('https://b.test/', { host: '10.0.0.1' }));
    lookup(target('https://a.test/', { host: '10.0.0.2' }));
    lookup(target('https://a.test/', { host: '10.0.0.1', port: 8443 }));
    lookup(target('http://a.test/', { host: '10.0.0.1' }));
    expect(requests).toHaveLength(5);
  });

  it('leaves unpinned targets alone', () => {
    const { requests, probe } = recordingProbe();
    expect(createCatchAllCache(probe)(target('https://a.test/'))).toBeUndefined();
    expect(requests).toHaveLength(0);
  });

  it('carries fixed resolve answers over to the catch-all probe', () => {
    const { requests, probe } = recordingProbe();
    const pinned = {
      ...target('https://a.test/', { host: 'web1.internal' }),
      resolve: { 'web1.internal': '10.0.0.9' },
    };
    createCatchAllCache(probe)(pinned);
    expect(requests[0]?.resolve).toEqual({ 'web1.internal': '10.0.0.9' });
  });
});
