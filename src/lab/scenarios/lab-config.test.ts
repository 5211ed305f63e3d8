import { describe, expect, it } from 'vitest';
import { expandTargets } from '../../config/expand-targets.js';
import { buildLabConfig, expectVerdicts, type LabSite, routeSitesToOrigins } from './lab-config.js';

const sites: LabSite[] = [
  {
    name: 'shop',
    environment: 'production',
    hostnames: ['shop.example.test', 'shop.internal.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web2',
    expect: { status: [200], body: 'ok' },
  },
];
const origins = { web1: { host: '127.9.0.1', port: 4431 }, web2: { host: '127.9.0.2', port: 4432 } };

describe('buildLabConfig', () => {
  const config = buildLabConfig({
    scenario: 'demo',
    edge: { address: '127.9.0.9', port: 8443, protocol: 'https' },
    origins,
    sites,
    caPath: '/tmp/ca.pem',
    environments: { production: 'page' },
  });

  it('resolves every hostname to the edge and pins origins to their lab endpoints', () => {
    expect(config.resolve).toEqual({ 'shop.example.test': '127.9.0.9', 'shop.internal.test': '127.9.0.9' });
    expect(config.sites.shop?.url).toBe('https://shop.example.test:8443/health');
    expect(config.sites.shop?.aliases).toEqual(['shop.internal.test']);
    expect(config.origins.web2).toEqual({ name: 'web2', host: '127.9.0.2', port: 4432 });
    expect(config.ca).toEqual(['/tmp/ca.pem']);
    expect(config.environments.production).toEqual({ name: 'production', alerts: 'page' });
  });

  it('expands to targets through the edge and pinned to each origin', () => {
    const targets = expandTargets(config);
    expect(targets.map((target) => target.name)).toEqual([
      'shop.example.test via edge',
      'shop.internal.test via edge',
      'shop.example.test via web1',
      'shop.example.test via web2',
      'shop.internal.test via web1',
      'shop.internal.test via web2',
    ]);
    expect(targets[3]?.connectTo).toEqual({ host: '127.9.0.2', port: 4432 });
    expect(targets[0]?.resolve).toEqual(config.resolve);
  });

  it('expects a verdict per target name', () => {
    expect(expectVerdicts(config, (target) => (target.via === 'edge' ? 'ok' : 'connect_refused'))).toEqual({
      'shop.example.test via edge': 'ok',
      'shop.internal.test via edge': 'ok',
      'shop.example.test via web1': 'connect_refused',
      'shop.example.test via web2': 'connect_refused',
      'shop.internal.test via web1': 'connect_refused',
      'shop.internal.test via web2': 'connect_refused',
    });
  });
});

describe('routeSitesToOrigins', () => {
  it('sends every hostname of a site to its edge origin (default: its first)', () => {
    expect(routeSitesToOrigins(sites, origins)).toEqual({
      'shop.example.test': origins.web2,
      'shop.internal.test': origins.web2,
    });
    const [site] = sites;
    if (site === undefined) throw new Error('no site');
    const { edgeOrigin: _, ...withoutEdgeOrigin } = site;
    expect(routeSitesToOrigins([withoutEdgeOrigin], origins)['shop.example.test']).toEqual(origins.web1);
  });
});
