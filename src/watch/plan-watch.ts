import type { FrontdoorConfig, WatchConfig } from '../config/config-types.js';
import { expandTargets } from '../config/expand-targets.js';
import type { Target } from '../config/target.js';
import { WATCH_DEFAULTS } from '../config/watch-schema.js';
import type { HostResolver } from '../probe/host-resolver.js';
import { DEFAULT_MAX_BODY_BYTES, type ProbeOptions, timeoutsWithin } from '../probe/probe-options.js';
import { createTlsSettings } from '../probe/tls-settings.js';
import type { SchedulableTarget } from './round-scheduler.js';

/** A configured target as the watch schedules it. */
export interface WatchTarget extends SchedulableTarget {
  target: Target;
}

/** Everything the watch runs from one configuration: its targets, how to probe and its settings. */
export interface WatchPlan {
  config: FrontdoorConfig;
  settings: WatchConfig;
  targets: WatchTarget[];
  probe: ProbeOptions;
}

/**
 * Turns a configuration into the watch's plan: every site expanded into targets exactly as `check` does,
 * each with its site's interval, and probe options with the `watch.timeout` deadline and the file's CAs.
 * @throws FrontdoorError FD_ERR_CA_READ when a CA file cannot be read
 */
export async function planWatch(
  config: FrontdoorConfig,
  options: { resolver?: HostResolver } = {},
): Promise<WatchPlan> {
  const settings: WatchConfig = config.watch ?? {
    ...WATCH_DEFAULTS,
    retention: { ...WATCH_DEFAULTS.retention },
  };
  const targets = expandTargets(config).map((target) => ({
    id: target.id,
    intervalMs:
      (target.site === undefined ? undefined : config.sites[target.site]?.intervalMs) ?? settings.intervalMs,
    origin: target.origin,
    target,
  }));
  const tls = await createTlsSettings({ caFiles: config.ca, insecure: false });
  const probe: ProbeOptions = {
    timeouts: timeoutsWithin(settings.timeoutMs),
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    follow: 0,
    tls,
  };
  if (options.resolver !== undefined) probe.resolver = options.resolver;
  return { config, settings, targets, probe };
}
