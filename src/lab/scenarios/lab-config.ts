import { buildAlerts } from '../../config/alerts-config.js';
import type { FrontdoorConfig, SiteConfig, SiteExpectConfig } from '../../config/config-types.js';
import { expandTargets } from '../../config/expand-targets.js';
import type { Target } from '../../config/target.js';
import type { Verdict } from '../../diagnose/verdict.js';
import type { Endpoint } from './endpoint.js';

/** A site as a scenario describes it: its hostnames (the first is the URL's), path and origins. */
export interface LabSite {
  name: string;
  environment?: string;
  /** the public name first (the site's URL), then aliases such as the internal name */
  hostnames: string[];
  path: string;
  origins: string[];
  /** the origin the edge sends this site's hostnames to; default the first of `origins` */
  edgeOrigin?: string;
  expect: SiteExpectConfig;
}

/**
 * The one site most single-failure scenarios check: api.example.test on web1, expected to answer 200 "ok"
 * from version 2.0.0.
 */
export function labApiSite(path: string): LabSite {
  return {
    name: 'api',
    hostnames: ['api.example.test'],
    path,
    origins: ['web1'],
    expect: { status: [200], body: 'ok', version: '2.0.0' },
  };
}

export interface LabConfigSpec {
  scenario: string;
  edge: { address: string; port: number; protocol: 'http' | 'https' };
  origins: Record<string, Endpoint>;
  sites: LabSite[];
  environments?: Record<string, 'page' | 'quiet'>;
  caPath?: string | undefined;
}

/**
 * The configuration a scenario hands to the check, as `frontdoor check -c` would load it: every hostname
 * resolves to the edge emulator (so "via edge" really goes through it) and every origin is pinned to its
 * lab address and port.
 */
export function buildLabConfig(spec: LabConfigSpec): FrontdoorConfig {
  const resolve: Record<string, string> = {};
  const sites: Record<string, SiteConfig> = {};
  for (const site of spec.sites) {
    const [host, ...aliases] = site.hostnames;
    if (host === undefined) throw new RangeError(`lab site ${site.name} has no hostname`);
    for (const hostname of site.hostnames) resolve[hostname] = spec.edge.address;
    sites[site.name] = {
      name: site.name,
      ...(site.environment === undefined ? {} : { environment: site.environment }),
      url: `${spec.edge.protocol}://${host}:${spec.edge.port}${site.path}`,
      aliases,
      origins: [...site.origins],
      expect: site.expect,
    };
  }
  const origins: FrontdoorConfig['origins'] = {};
  for (const [name, endpoint] of Object.entries(spec.origins)) {
    origins[name] = { name, host: endpoint.host, port: endpoint.port };
  }
  const environments: FrontdoorConfig['environments'] = {};
  for (const [name, alerts] of Object.entries(spec.environments ?? {})) environments[name] = { name, alerts };
  return {
    source: `lab:${spec.scenario}`,
    environments,
    origins,
    resolve,
    sites,
    ca: spec.caPath === undefined ? [] : [spec.caPath],
    alerts: buildAlerts(undefined),
    maintenance: [],
  };
}

/** hostname -> origin endpoint, for the edge: each site's names go to its edge origin. */
export function routeSitesToOrigins(
  sites: readonly LabSite[],
  origins: Record<string, Endpoint>,
): Record<string, Endpoint> {
  const routes: Record<string, Endpoint> = {};
  for (const site of sites) {
    const originName = site.edgeOrigin ?? site.origins[0];
    const origin = originName === undefined ? undefined : origins[originName];
    if (origin === undefined) throw new RangeError(`lab site ${site.name} has no edge origin`);
    for (const hostname of site.hostnames) routes[hostname] = origin;
  }
  return routes;
}

/** The expected verdict of every target the configuration expands to, by target name. */
export function expectVerdicts(
  config: FrontdoorConfig,
  verdictOf: (target: Target) => Verdict | readonly Verdict[],
): Record<string, Verdict | readonly Verdict[]> {
  return Object.fromEntries(expandTargets(config).map((target) => [target.name, verdictOf(target)]));
}
