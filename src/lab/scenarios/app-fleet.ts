import type { FrontdoorConfig } from '../../config/config-types.js';
import { type AppBackend, type AppMode, startAppBackend } from '../app-backend.js';
import type { LabSite } from './lab-config.js';
import type { Endpoint, Topology } from './topology.js';
import { startEdgeForSites } from './topology.js';

export interface AppFleetSpec {
  scenario: string;
  sites: readonly LabSite[];
  /** origin name of the single app server that terminates TLS itself */
  origin: string;
  version: string;
  mode?: AppMode;
  /** validity of the app's certificate (an expired one for the certificate scenario) */
  certificate?: { notBefore?: Date; notAfter?: Date };
}

export interface AppFleet {
  config: FrontdoorConfig;
  app: AppBackend;
  origins: Record<string, Endpoint>;
}

/**
 * A front door without nginx: the app itself terminates TLS on the origin's address (a node https server,
 * as small services often do) behind the CDN edge. Scenarios built on it run wherever node and openssl do.
 */
export async function startAppFleet(topology: Topology, spec: AppFleetSpec): Promise<AppFleet> {
  const cert = await topology.issue(
    [...new Set(spec.sites.flatMap((site) => site.hostnames))],
    spec.certificate,
  );
  const app = await startAppBackend({
    version: spec.version,
    tls: cert,
    ...(spec.mode === undefined ? {} : { mode: spec.mode }),
  });
  topology.onStop(() => app.close());
  const origins = { [spec.origin]: { host: app.address, port: app.port } };
  const config = await startEdgeForSites(topology, { scenario: spec.scenario, sites: spec.sites, origins });
  return { config, app, origins };
}
