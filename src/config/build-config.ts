import { dirname, resolve } from 'node:path';
import { buildAlerts } from './alerts-config.js';
import type { ApiToken } from './api-config.js';
import { buildModules } from './build-modules.js';
import type { RawConfig } from './config-schema.js';
import type {
  EnvironmentConfig,
  FrontdoorConfig,
  HostConfig,
  OriginConfig,
  SiteConfig,
  SiteExpectConfig,
  WatchConfig,
} from './config-types.js';
import { buildMaintenance } from './maintenance-config.js';
import { WATCH_DEFAULTS } from './watch-defaults.js';

type RawSite = NonNullable<RawConfig['sites']>[string];
type RawExpect = NonNullable<RawSite['expect']>;

/**
 * Turns the validated file (snake_case, optional sections) into FrontdoorConfig. File paths (ca,
 * host.nginx_config, host.state_dir) are resolved against the folder of `source`, an absolute path.
 */
export function buildConfig(raw: RawConfig, source: string): FrontdoorConfig {
  const folder = dirname(source);
  const config: FrontdoorConfig = {
    source,
    environments: mapValues(
      raw.environments,
      (name, env): EnvironmentConfig => ({ name, alerts: env.alerts }),
    ),
    origins: mapValues(raw.origins, (name, address): OriginConfig => ({ name, ...address })),
    resolve: { ...raw.resolve },
    sites: mapValues(raw.sites, buildSite),
    ca: (raw.ca ?? []).map((file) => resolve(folder, file)),
    modules: buildModules(raw.modules, folder),
    api: { tokens: (raw.api?.tokens ?? []).map(buildToken) },
    alerts: buildAlerts(raw.alerts),
    maintenance: buildMaintenance(raw.maintenance),
  };
  if (raw.host !== undefined) config.host = buildHost(raw.host ?? {}, folder);
  if (raw.catch_all !== undefined) config.catchAll = raw.catch_all;
  return config;
}

function buildSite(name: string, site: RawSite): SiteConfig {
  const built: SiteConfig = {
    name,
    url: site.url,
    aliases: site.aliases ?? [],
    origins: site.origins ?? [],
    expect: buildExpect(site.expect ?? {}),
  };
  if (site.environment !== undefined) built.environment = site.environment;
  if (site.method !== undefined) built.method = site.method;
  if (site.headers !== undefined) built.headers = site.headers;
  if (site.allow_insecure_redirect !== undefined) built.allowInsecureRedirect = site.allow_insecure_redirect;
  if (site.interval !== undefined) built.intervalMs = site.interval;
  if (site.request_body !== undefined) built.requestBody = site.request_body;
  if (site.edge !== undefined) built.edge = site.edge;
  if (site.http !== undefined) built.http = [...site.http];
  if (site.catch_all !== undefined) built.catchAll = site.catch_all;
  return built;
}

function buildExpect(expect: RawExpect): SiteExpectConfig {
  const built: SiteExpectConfig = {};
  if (expect.status !== undefined) built.status = expect.status;
  if (expect.body !== undefined) built.body = expect.body;
  if (expect.headers !== undefined) built.headers = expect.headers;
  if (expect.version !== undefined) built.version = expect.version;
  if (expect.version_header !== undefined) built.versionHeader = expect.version_header;
  if (expect.max_latency !== undefined) built.maxLatencyMs = expect.max_latency;
  if (expect.body_regex !== undefined) built.bodyRegex = expect.body_regex;
  if (expect.json !== undefined) built.json = { ...expect.json };
  if (expect.cert_min_days !== undefined) built.certMinDays = expect.cert_min_days;
  if (expect.http_version !== undefined) built.httpVersion = expect.http_version;
  return built;
}

function buildHost(host: NonNullable<RawConfig['host']>, folder: string): HostConfig {
  const built: HostConfig = { listeners: { ...host.listeners } };
  if (host.nginx_config !== undefined) built.nginxConfig = resolve(folder, host.nginx_config);
  if (host.state_dir !== undefined) built.stateDir = resolve(folder, host.state_dir);
  if (host.origin !== undefined) built.origin = host.origin;
  return built;
}

function buildToken(raw: NonNullable<NonNullable<RawConfig['api']>['tokens']>[number]): ApiToken {
  const token: ApiToken = { name: raw.name, scope: raw.scope, hash: raw.hash };
  if (raw.origin !== undefined) token.origin = raw.origin;
  return token;
}

function mapValues<T, R>(record: Record<string, T> | null | undefined, fn: (name: string, value: T) => R) {
  const out: Record<string, R> = {};
  for (const [name, value] of Object.entries(record ?? {})) out[name] = fn(name, value);
  return out;
}

/** `watch:` with WATCH_DEFAULTS filled in, for `frontdoor serve`. */
export function buildWatch(raw: RawConfig['watch']): WatchConfig {
  const watch = raw ?? {};
  const retention = watch.retention ?? {};
  const built: WatchConfig = {
    intervalMs: watch.interval ?? WATCH_DEFAULTS.intervalMs,
    burst: watch.burst ?? WATCH_DEFAULTS.burst,
    timeoutMs: watch.timeout ?? WATCH_DEFAULTS.timeoutMs,
    concurrency: watch.concurrency ?? WATCH_DEFAULTS.concurrency,
    originConcurrency: watch.origin_concurrency ?? WATCH_DEFAULTS.originConcurrency,
    maintenanceMaxMs: watch.maintenance_max ?? WATCH_DEFAULTS.maintenanceMaxMs,
    retention: {
      rawMs: retention.raw ?? WATCH_DEFAULTS.retention.rawMs,
      minuteMs: retention.minute ?? WATCH_DEFAULTS.retention.minuteMs,
      hourMs: retention.hour ?? WATCH_DEFAULTS.retention.hourMs,
    },
  };
  if (watch.quorum !== undefined) built.quorum = watch.quorum;
  return built;
}
