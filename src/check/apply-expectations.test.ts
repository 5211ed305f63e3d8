import { describe, expect, it } from 'vitest';
import type { Expectations } from '../config/target.js';
import { applyExpectations } from './apply-expectations.js';

const site: Expectations = {
  status: [200],
  body: 'ok',
  headers: [
    { name: 'x-served-by', value: 'web' },
    { name: 'cache-control', value: 'no-store' },
  ],
  versionHeader: 'x-app-version',
  maxLatencyMs: 800,
};

describe('applyExpectations', () => {
  it('returns the target expectations unchanged when nothing is overridden', () => {
    expect(applyExpectations(site, {})).toEqual(site);
  });

  it('replaces scalars and status lists, and merges headers by name', () => {
    const merged = applyExpectations(site, {
      status: [200, 204],
      body: 'healthy',
      version: '1.4.2',
      versionHeader: 'x-release',
      maxLatencyMs: 250,
      headers: [
        { name: 'x-served-by', value: 'web1' },
        { name: 'x-frame-options', value: 'DENY' },
      ],
    });
    expect(merged).toEqual({
      status: [200, 204],
      body: 'healthy',
      version: '1.4.2',
      versionHeader: 'x-release',
      maxLatencyMs: 250,
      headers: [
        { name: 'x-served-by', value: 'web1' },
        { name: 'cache-control', value: 'no-store' },
        { name: 'x-frame-options', value: 'DENY' },
      ],
    });
  });

  it('adds headers to expectations that had none, and does not mutate its inputs', () => {
    const base: Expectations = { versionHeader: 'x-app-version' };
    const merged = applyExpectations(base, { headers: [{ name: 'server', value: 'nginx' }] });
    expect(merged.headers).toEqual([{ name: 'server', value: 'nginx' }]);
    expect(base).toEqual({ versionHeader: 'x-app-version' });
  });
});
