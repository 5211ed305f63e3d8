import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrontdoorConfig } from '../../config/config-types.js';
import {
  type CertificateAuthority,
  createCertificateAuthority,
  type IssuedCertificate,
} from '../certificates.js';
import { type EdgeEmulator, type EdgeRoute, startEdgeEmulator } from '../edge-emulator.js';
import { allocateLoopbackAddress, findFreePort } from '../loopback.js';
import { labRegistry, type ProcessRegistry } from '../process-registry.js';
import type { Endpoint } from './endpoint.js';
import { buildLabConfig, type LabSite, routeSitesToOrigins } from './lab-config.js';

export type { Endpoint } from './endpoint.js';

/**
 * Everything one scenario brings up, torn down in reverse order by `stop()`: a private CA (when the
 * scenario speaks TLS), a scratch dir, fresh loopback addresses and whatever servers were registered.
 */
export interface Topology {
  /** present when created with `tls: true` */
  ca: CertificateAuthority | undefined;
  /** the CA certificate a check must trust; undefined without a CA */
  caPath: string | undefined;
  /** a private temp dir for scenario files (docroots, squatter scripts) */
  dir: string;
  allocateAddress(): string;
  freePort(address: string): Promise<number>;
  /** a fresh address with a free port on it */
  allocateEndpoint(): Promise<Endpoint>;
  /** a leaf certificate from the lab CA; throws when the topology has no CA */
  issue(names: string[], validity?: { notBefore?: Date; notAfter?: Date }): Promise<IssuedCertificate>;
  /** registers a teardown step; steps run last-registered first */
  onStop(step: () => Promise<void> | void): void;
  stop(): Promise<void>;
}

export interface TopologyOptions {
  tls: boolean;
  registry?: ProcessRegistry;
}

/** Creates an empty topology: a scratch dir and, for TLS scenarios, a private CA. */
export async function createTopology(options: TopologyOptions): Promise<Topology> {
  const registry = options.registry ?? labRegistry;
  const steps: Array<() => Promise<void> | void> = [];
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-scenario-'));
  // Servers started by the lab may run as another user and read docroots here.
  await chmod(dir, 0o755);
  const forgetDir = registry.trackPath(dir);
  steps.push(async () => {
    await rm(dir, { recursive: true, force: true });
    forgetDir();
  });
  let ca: CertificateAuthority | undefined;
  if (options.tls) {
    try {
      ca = await createCertificateAuthority({ commonName: 'frontdoor demo CA' });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      forgetDir();
      throw error;
    }
    const authority = ca;
    // The CA's own temp dir is not registered by certificates.ts; an interrupted demo must not leave it.
    const forgetCa = registry.trackPath(authority.dir);
    steps.push(async () => {
      await authority.dispose();
      forgetCa();
    });
  }

  const topology: Topology = {
    ca,
    caPath: ca?.caCertPath,
    dir,
    allocateAddress: allocateLoopbackAddress,
    freePort: findFreePort,
    async allocateEndpoint() {
      const host = allocateLoopbackAddress();
      return { host, port: await findFreePort(host) };
    },
    async issue(names, validity = {}) {
      if (ca === undefined) throw new Error('this topology was created without a CA');
      return ca.issue({ names, ...validity });
    },
    onStop(step) {
      steps.push(step);
    },
    async stop() {
      const errors: unknown[] = [];
      for (const step of steps.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw errors[0];
    },
  };
  return topology;
}

/**
 * Runs `build` on a fresh topology; if it throws, everything it had started is stopped before the error
 * propagates, so a scenario that fails half-way leaves nothing behind.
 */
export async function withTopology<T>(
  options: TopologyOptions,
  build: (topology: Topology) => Promise<T>,
): Promise<T> {
  const topology = await createTopology(options);
  try {
    return await build(topology);
  } catch (error) {
    await topology.stop().catch(() => undefined);
    throw error;
  }
}

export interface EdgeSpec {
  /** hostname -> the origin the CDN sends it to */
  routes: Record<string, Endpoint>;
  /** https towards visitors and full_strict towards origins; otherwise plain http and flexible */
  tls: boolean;
}

/**
 * The Cloudflare-like edge in front of the origins, on its own address: every routed hostname is proxied
 * to its origin (TLS verified against the lab CA, like Cloudflare's full_strict mode).
 */
export async function startEdge(topology: Topology, spec: EdgeSpec): Promise<EdgeEmulator> {
  const endpoint = await topology.allocateEndpoint();
  const hostnames = Object.keys(spec.routes);
  const routes: Record<string, EdgeRoute> = {};
  for (const [hostname, origin] of Object.entries(spec.routes)) {
    routes[hostname] = {
      kind: 'proxy',
      host: origin.host,
      port: origin.port,
      sslMode: spec.tls ? 'full_strict' : 'flexible',
    };
  }
  const tls = spec.tls ? await topology.issue(hostnames) : undefined;
  const edge = await startEdgeEmulator({
    address: endpoint.host,
    port: endpoint.port,
    routes,
    ...(tls === undefined ? {} : { tls }),
    ...(topology.caPath === undefined ? {} : { originCaPath: topology.caPath }),
    // Cloudflare waits 15 s for a TCP handshake; nothing in the lab is that slow, and a demo must not be.
    connectTimeoutMs: 3000,
  });
  topology.onStop(() => edge.close());
  return edge;
}

export interface FrontedSitesSpec {
  scenario: string;
  sites: readonly LabSite[];
  origins: Record<string, Endpoint>;
  /** https towards visitors and full_strict towards origins (default); false for plain http and flexible */
  tls?: boolean;
  environments?: Record<string, 'page' | 'quiet'>;
}

/**
 * Puts the CDN edge in front of `origins` (each site's names routed to its edge origin) and returns the
 * configuration that checks every site through that edge and on each of its origins.
 */
export async function startEdgeForSites(
  topology: Topology,
  spec: FrontedSitesSpec,
): Promise<FrontdoorConfig> {
  const tls = spec.tls ?? true;
  const edge = await startEdge(topology, { routes: routeSitesToOrigins(spec.sites, spec.origins), tls });
  return buildLabConfig({
    scenario: spec.scenario,
    edge: { address: edge.address, port: edge.port, protocol: tls ? 'https' : 'http' },
    origins: spec.origins,
    sites: [...spec.sites],
    caPath: topology.caPath,
    ...(spec.environments === undefined ? {} : { environments: spec.environments }),
  });
}
