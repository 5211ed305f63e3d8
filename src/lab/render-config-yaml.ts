import { isIPv6 } from 'node:net';
import { stringify } from 'yaml';
import type { FrontdoorConfig, SiteExpectConfig } from '../config/config-types.js';

/**
 * Writes a configuration built in code (a lab scenario's) back as the YAML file `frontdoor check -c` and
 * `frontdoor serve -c` read, with `extra` top-level sections (such as `watch`) appended. Round-trips
 * through parseConfig to the same sites, origins, resolve answers and CAs.
 */
export function renderConfigYaml(config: FrontdoorConfig, extra: Record<string, unknown> = {}): string {
  const document: Record<string, unknown> = {};
  if (Object.keys(config.environments).length > 0) {
    document.environments = Object.fromEntries(
      Object.values(config.environments).map((env) => [env.name, { alerts: env.alerts }]),
    );
  }
  document.origins = Object.fromEntries(
    Object.values(config.origins).map((origin) => {
      const host = isIPv6(origin.host) ? `[${origin.host}]` : origin.host;
      return [origin.name, origin.port === undefined ? host : `${host}:${origin.port}`];
    }),
  );
  document.resolve = { ...config.resolve };
  document.sites = Object.fromEntries(
    Object.values(config.sites).map((site) => {
      const written: Record<string, unknown> = { url: site.url };
      if (site.environment !== undefined) written.environment = site.environment;
      if (site.aliases.length > 0) written.aliases = site.aliases;
      if (site.origins.length > 0) written.origins = site.origins;
      if (site.method !== undefined) written.method = site.method;
      if (site.headers !== undefined) written.headers = site.headers;
      const expect = renderExpect(site.expect);
      if (Object.keys(expect).length > 0) written.expect = expect;
      if (site.intervalMs !== undefined) written.interval = `${site.intervalMs}ms`;
      return [site.name, written];
    }),
  );
  if (config.ca.length > 0) document.ca = config.ca;
  return stringify({ ...document, ...extra });
}

function renderExpect(expect: SiteExpectConfig): Record<string, unknown> {
  const written: Record<string, unknown> = {};
  if (expect.status !== undefined) written.status = expect.status;
  if (expect.body !== undefined) written.body = expect.body;
  if (expect.headers !== undefined) written.headers = expect.headers;
  if (expect.version !== undefined) written.version = expect.version;
  if (expect.versionHeader !== undefined) written.version_header = expect.versionHeader;
  if (expect.maxLatencyMs !== undefined) written.max_latency = `${expect.maxLatencyMs}ms`;
  return written;
}
