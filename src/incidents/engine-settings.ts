import { DEFAULT_POLICIES, type PolicyConfig } from '../config/alerts-config.js';
import type { FrontdoorConfig } from '../config/config-types.js';
import { WATCH_DEFAULTS } from '../config/watch-defaults.js';

/** 003: a 5% failure rate hides below every per-request check; a share over a window shows it. */
export interface IntermittentSettings {
  /** failed share of the window's requests that opens an `intermittent` incident */
  minShare: number;
  /** at least this many failed requests, so one stray failure in a short window does not count */
  minFailed: number;
  /** the window: the newest requests up to this many... */
  windowRequests: number;
  /** ...no older than this */
  windowMs: number;
  /** fewer requests than this in the window are too few to call a share */
  minRequests: number;
}

export interface FlappingSettings {
  /** an incident that opens after this many open/resolve cycles within `windowMs` opens as flapping */
  cycles: number;
  windowMs: number;
  /** a flapping incident resolves once no target of it has failed for this long */
  stableMs: number;
}

/** Several probe locations: who must agree, and when a location counts as gone. */
export interface LocationSettings {
  /** locations that must see an outage before it pages (`watch.quorum`); 'majority' of those reporting */
  quorum: number | 'majority';
  /** a location counts towards the quorum if it reported within this long (1.5 intervals: one, and slack) */
  reportingMs: number;
  /** silent this long (3 intervals), a location is an incident of its own */
  silentMs: number;
  /** silent this long, a location is forgotten (a node taken out of service) and its incident resolved */
  forgetMs: number;
}

/** What the engine needs from the configuration: policies and who they apply to. Plain data, serialisable. */
export interface EngineSettings {
  policies: Record<string, PolicyConfig>;
  /** environment name -> policy name */
  environments: Record<string, string>;
  /** for targets without an environment, or with an unknown one */
  defaultPolicy: string;
  /** site -> its origins: an edge target is in an origin window's scope when all its site's origins are */
  sites: Record<string, { origins: string[] }>;
  intermittent: IntermittentSettings;
  flapping: FlappingSettings;
  locations: LocationSettings;
}

export const INTERMITTENT_DEFAULTS: IntermittentSettings = {
  minShare: 0.02,
  minFailed: 2,
  windowRequests: 100,
  windowMs: 10 * 60_000,
  minRequests: 20,
};

export const FLAPPING_DEFAULTS: FlappingSettings = {
  cycles: 3,
  windowMs: 30 * 60_000,
  stableMs: 30 * 60_000,
};

/** Location settings for a watch interval and `watch.quorum`. */
export function locationSettings(intervalMs: number, quorum?: number): LocationSettings {
  return {
    quorum: quorum ?? 'majority',
    reportingMs: Math.round(intervalMs * 1.5),
    silentMs: intervalMs * 3,
    forgetMs: 7 * 86_400_000,
  };
}

/** Settings for a configuration; without one (a bare replay), the two default policies and nothing else. */
export function buildEngineSettings(config?: FrontdoorConfig): EngineSettings {
  const environments: Record<string, string> = {};
  const sites: Record<string, { origins: string[] }> = {};
  for (const [name, environment] of Object.entries(config?.environments ?? {}))
    environments[name] = environment.alerts;
  for (const [name, site] of Object.entries(config?.sites ?? {}))
    sites[name] = { origins: [...site.origins] };
  return {
    policies: { ...(config?.alerts.policies ?? DEFAULT_POLICIES) },
    environments,
    defaultPolicy: 'page',
    sites,
    intermittent: { ...INTERMITTENT_DEFAULTS },
    flapping: { ...FLAPPING_DEFAULTS },
    locations: locationSettings(
      config?.watch?.intervalMs ?? WATCH_DEFAULTS.intervalMs,
      config?.watch?.quorum,
    ),
  };
}

/** The policy a target's environment names; `page` for targets without one. */
export function policyFor(settings: EngineSettings, environment: string | undefined): PolicyConfig {
  const name =
    environment === undefined
      ? settings.defaultPolicy
      : (settings.environments[environment] ?? settings.defaultPolicy);
  return settings.policies[name] ?? settings.policies[settings.defaultPolicy] ?? DEFAULT_POLICIES.page;
}
