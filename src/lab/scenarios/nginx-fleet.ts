import type { FrontdoorConfig } from '../../config/config-types.js';
import { type AppBackend, type AppBackendOptions, startAppBackend } from '../app-backend.js';
import type { LabSite } from './lab-config.js';
import { type DefaultServer, renderProxyLocation, renderUpstream, startNginxDoors } from './nginx-blocks.js';
import type { Endpoint, Topology } from './topology.js';
import { startEdgeForSites } from './topology.js';

export interface NginxFleetSpec {
  scenario: string;
  /** origin names, each a door on its own loopback address */
  origins: readonly string[];
  sites: readonly LabSite[];
  /** the locations of a site's server block (every door serves a site the same way) */
  siteBody: (site: LabSite) => string;
  /** the names a site's server block routes; default all of its hostnames */
  serverNames?: (site: LabSite) => string[];
  defaultServer?: DefaultServer;
  /** http-level directives before the servers (upstreams, zones) */
  http?: readonly string[];
  environments?: Record<string, 'page' | 'quiet'>;
}

export interface NginxFleet {
  config: FrontdoorConfig;
  origins: Record<string, Endpoint>;
}

export interface ProxiedAppSpec extends Omit<NginxFleetSpec, 'siteBody' | 'http'> {
  /** the app behind nginx (its version, its failure mode) */
  app: AppBackendOptions;
  /** the name of the nginx upstream every site's `location /` proxies to */
  upstream: string;
  /** the servers the upstream names; default the app (an altered upstream points elsewhere) */
  upstreamServers?: readonly Endpoint[];
  /** more directives in the proxy location (timeouts) */
  proxyDirectives?: readonly string[];
}

export interface ProxiedAppFleet extends NginxFleet {
  app: AppBackend;
}

/**
 * The usual shape of a scenario: nginx origins on their own addresses with a CA-issued certificate for
 * every hostname, the CDN edge in front, and the configuration that checks it all.
 */
export async function startNginxFleet(topology: Topology, spec: NginxFleetSpec): Promise<NginxFleet> {
  const origins: Record<string, Endpoint> = {};
  for (const name of spec.origins) origins[name] = await topology.allocateEndpoint();
  const cert = await topology.issue([...new Set(spec.sites.flatMap((site) => site.hostnames))]);
  const doors = spec.origins.map((name) => ({
    endpoint: origins[name] as Endpoint,
    cert,
    defaultServer: spec.defaultServer ?? 'drop',
    sites: spec.sites
      .filter((site) => site.origins.includes(name))
      .map((site) => ({ names: spec.serverNames?.(site) ?? site.hostnames, body: spec.siteBody(site) })),
  }));
  await startNginxDoors(topology, doors, spec.http);
  const config = await startEdgeForSites(topology, {
    scenario: spec.scenario,
    sites: spec.sites,
    origins,
    ...(spec.environments === undefined ? {} : { environments: spec.environments }),
  });
  return { config, origins };
}

/** An app on its own address with nginx origins proxying every site to it, behind the CDN edge. */
export async function startProxiedApp(topology: Topology, spec: ProxiedAppSpec): Promise<ProxiedAppFleet> {
  const { app: appOptions, upstream, upstreamServers, proxyDirectives, ...fleet } = spec;
  const app = await startAppBackend(appOptions);
  topology.onStop(() => app.close());
  const { config, origins } = await startNginxFleet(topology, {
    ...fleet,
    http: [renderUpstream(upstream, upstreamServers ?? [{ host: app.address, port: app.port }])],
    siteBody: () => renderProxyLocation('/', upstream, proxyDirectives),
  });
  return { config, origins, app };
}

/** "web1 127.4.5.6:40123" for the demo's notes. */
export function describeOrigins(origins: Record<string, Endpoint>): string {
  return Object.entries(origins)
    .map(([name, { host, port }]) => `${name} ${host}:${port}`)
    .join(', ');
}
