import type { HttpOffer } from '../probe/http-offer.js';
import type { AlertsConfig } from './alerts-config.js';
import type { ApiConfig } from './api-config.js';
import type { HttpVersion } from './http-schema.js';
import type { MaintenanceWindowConfig } from './maintenance-config.js';
import type { ProbeModule } from './probe-module.js';

/**
 * The validated configuration (DESIGN.md v1 shape plus additions). `parseConfig` (config-schema.ts, then
 * build-config.ts) produces exactly this type from YAML; everything downstream consumes this, never raw YAML.
 */
export interface SiteExpectConfig {
  status?: number[];
  body?: string;
  /** header name (lower-cased) -> exact value */
  headers?: Record<string, string>;
  version?: string;
  versionHeader?: string;
  maxLatencyMs?: number;
  /** a regular expression (JavaScript syntax) the body must match */
  bodyRegex?: string;
  /** JSON path ($.a.b[0]) -> the value the body must hold there */
  json?: Record<string, unknown>;
  /** a certificate expiring within this many days fails as tls_expiring (default 14; 0 turns it off) */
  certMinDays?: number;
  /** the HTTP version the answer must come in ('2': the site must negotiate HTTP/2) */
  httpVersion?: HttpVersion;
}

export interface SiteConfig {
  name: string;
  environment?: string;
  url: string;
  aliases: string[];
  /** origin names, each a key of FrontdoorConfig.origins */
  origins: string[];
  method?: string;
  /** request headers sent with every probe of this site */
  headers?: Record<string, string>;
  /** following a redirect from https to plain http is expected here, not an insecure_redirect */
  allowInsecureRedirect?: boolean;
  /** request body sent with every probe of this site (the method defaults to POST then) */
  requestBody?: string;
  /** false: the site has no CDN edge, so only its origins are probed (default true) */
  edge?: boolean;
  /** the HTTP versions offered in TLS handshakes (ALPN), in order; absent: h2, then HTTP/1.1 */
  http?: HttpOffer;
  expect: SiteExpectConfig;
  /** the watch's interval for this site's targets; absent: `watch.interval` */
  intervalMs?: number;
  /** false: never compare this site's answers with its origins' catch-all answer */
  catchAll?: boolean;
}

export interface EnvironmentConfig {
  name: string;
  /** the alert policy: 'page' wakes someone, 'quiet' is recorded and shown, or one of alerts.policies */
  alerts: string;
}

export interface OriginConfig {
  name: string;
  host: string;
  /** absent: the port of each probed URL */
  port?: number;
}

export interface HostConfig {
  /** "443" | "127.0.0.1:8443" | "unix:/run/php/php8.3-fpm.sock" -> expected owner process name */
  listeners: Record<string, string>;
  /** the proxy's main configuration file, for drift detection (default /etc/nginx/nginx.conf) */
  nginxConfig?: string;
  /** where baselines are kept (default /var/lib/frontdoor) */
  stateDir?: string;
  /** the origin `frontdoor agent` reports as on this host; absent: found from the hostname or addresses */
  origin?: string;
}

export interface FrontdoorConfig {
  /** absolute path of the file it was loaded from, for relative paths and messages */
  source: string;
  environments: Record<string, EnvironmentConfig>;
  origins: Record<string, OriginConfig>;
  /** fixed DNS answers: hostname -> address */
  resolve: Record<string, string>;
  sites: Record<string, SiteConfig>;
  host?: HostConfig;
  /** extra CA files (absolute paths, resolved against the config file's folder) */
  ca: string[];
  /**
   * blackbox_exporter modules for `GET /probe`, by name. parseConfig always sets it (`http_2xx` always
   * exists); a configuration built in code may leave it out.
   */
  modules?: Record<string, ProbeModule>;
  /** the HTTP surface's tokens; parseConfig always sets it (`{ tokens: [] }` when the file has none) */
  api?: ApiConfig;
  /** channels and policies for the watch's notifications; `page` and `quiet` always exist */
  alerts: AlertsConfig;
  /** maintenance windows from the file (ad-hoc ones come through the watch's API) */
  maintenance: MaintenanceWindowConfig[];
  /** the daemon's settings, defaults filled in; present only when read for `frontdoor serve` */
  watch?: WatchConfig;
  /** default of every site's `catchAll` (absent: compare) */
  catchAll?: boolean;
}

/** How long each kind of stored history is kept, in milliseconds. */
export interface RetentionConfig {
  rawMs: number;
  minuteMs: number;
  hourMs: number;
}

/** `watch:` with its defaults (WATCH_DEFAULTS) filled in. */
export interface WatchConfig {
  intervalMs: number;
  /** requests per target per scheduled round, each on a fresh connection */
  burst: number;
  /** the whole probe's deadline */
  timeoutMs: number;
  /** rounds in flight at once */
  concurrency: number;
  /** rounds in flight at once against one origin (targets through the edge count only globally) */
  originConcurrency: number;
  /** the longest ad hoc maintenance window granted (`maintenance_max`); longer requests are capped */
  maintenanceMaxMs: number;
  retention: RetentionConfig;
  /** probe locations that must agree before an outage pages; absent: a majority of those reporting */
  quorum?: number;
}
