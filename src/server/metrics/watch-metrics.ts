import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import { isPassingVerdict } from '../../diagnose/passing.js';
import type { TargetResult } from '../../diagnose/target-result.js';

/**
 * The labels every per-target series carries. Bounded by the configuration: a site's hostnames times its
 * paths taken. `origin` is the origin's name or `edge`; `environment` is empty when the site has none.
 * Never a URL: a query string can hold anything, and the target id carries it. (site, hostname, origin) is
 * already unique among a configuration's targets, so the id is not needed.
 */
export interface TargetLabels {
  site: string;
  hostname: string;
  origin: string;
  environment: string;
  location: string;
}

/** How one delivery attempt of a notification ended. */
export type NotificationResult = 'sent' | 'failed' | 'dead_lettered';

export interface WatchMetricsOptions {
  /** this node's `--location` (`local` when a single node runs without one) */
  location?: string;
  /** process and Node.js metrics (prom-client's default set, `process_*` and `nodejs_*`); default true */
  defaultMetrics?: boolean;
}

/** The watch's metrics; the daemon updates them as results arrive, `/metrics` renders the registry. */
export interface WatchMetrics {
  readonly registry: Registry;
  /**
   * A target's latest result: `frontdoor_target_up`, `frontdoor_target_verdict` (the previous verdict's
   * series removed, so exactly one is 1), `frontdoor_target_duration_seconds`, and each measured phase into
   * `frontdoor_phase_seconds`.
   */
  recordResult(result: TargetResult, location?: string): void;
  /** Forgets every series of a target (removed from the configuration). */
  removeTarget(targetId: string): void;
  /** Forgets every target whose id is not in `ids` (after a reload); returns the ids it forgot. */
  retainTargets(ids: Iterable<string>): string[];
  /** Open incidents per environment; environments left out are removed (an empty map clears them). */
  setIncidentsOpen(counts: Readonly<Record<string, number>>): void;
  countNotification(channel: string, result: NotificationResult): void;
  setOutboxPending(count: number): void;
  setSchedulerLag(seconds: number): void;
}

const TARGET_LABELS = ['site', 'hostname', 'origin', 'environment', 'location'] as const;
const PHASES = ['dns', 'connect', 'tls', 'ttfb', 'transfer', 'total'] as const;
/** 1 ms to 10 s: a loopback phase to a stalled upstream's timeout. */
const PHASE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Known {
  labels: TargetLabels;
  verdict: string;
  layer: string;
}

/** The per-target labels of a result. */
export function labelsOf(result: TargetResult, location: string): TargetLabels {
  return {
    site: result.site ?? '',
    hostname: result.hostname,
    origin: result.origin ?? result.via,
    environment: result.environment ?? '',
    location,
  };
}

/**
 * Registers the watch's metrics on `registry` (names in WATCH.md) and returns their updaters.
 * @example const metrics = createWatchMetrics(new Registry(), { location: 'ams' });
 *   metrics.recordResult(result); // frontdoor_target_up{site="shop",...} 1
 */
export function createWatchMetrics(registry: Registry, options: WatchMetricsOptions = {}): WatchMetrics {
  const location = options.location ?? 'local';
  const registers = [registry];
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const up = new Gauge({
    name: 'frontdoor_target_up',
    help: 'Whether the target served visitors in its latest round (verdict ok or slow)',
    labelNames: TARGET_LABELS,
    registers,
  });
  const verdict = new Gauge({
    name: 'frontdoor_target_verdict',
    help: "The target's current verdict and its layer: 1 on the current one's series only",
    labelNames: [...TARGET_LABELS, 'verdict', 'layer'],
    registers,
  });
  const duration = new Gauge({
    name: 'frontdoor_target_duration_seconds',
    help: "The latest round's total time (of the representative request for a burst)",
    labelNames: TARGET_LABELS,
    registers,
  });
  const phases = new Histogram({
    name: 'frontdoor_phase_seconds',
    help: 'Time per probe phase over every target (dns, connect, tls, ttfb, transfer, total)',
    labelNames: ['phase'],
    buckets: PHASE_BUCKETS,
    registers,
  });
  const incidents = new Gauge({
    name: 'frontdoor_incidents_open',
    help: 'Open incidents per environment',
    labelNames: ['environment'],
    registers,
  });
  const notifications = new Counter({
    name: 'frontdoor_notifications_total',
    help: 'Notification delivery attempts per channel and result (sent, failed, dead_lettered)',
    labelNames: ['channel', 'result'],
    registers,
  });
  const outbox = new Gauge({
    name: 'frontdoor_outbox_pending',
    help: 'Notifications written but not yet delivered or dead-lettered',
    registers,
  });
  const lag = new Gauge({
    name: 'frontdoor_scheduler_lag_seconds',
    help: "How late the scheduler started its latest probe, against the probe's planned start",
    registers,
  });

  const known = new Map<string, Known>();
  let environments = new Set<string>();

  const forget = (id: string): void => {
    const entry = known.get(id);
    if (entry === undefined) return;
    up.remove(entry.labels);
    duration.remove(entry.labels);
    verdict.remove({ ...entry.labels, verdict: entry.verdict, layer: entry.layer });
    known.delete(id);
  };

  return {
    registry,
    recordResult(result, where = location) {
      const fresh = labelsOf(result, where);
      let entry = known.get(result.id);
      if (entry !== undefined && !sameLabels(entry.labels, fresh)) {
        forget(result.id);
        entry = undefined;
      }
      // Most rounds repeat the verdict: its two series are already right and the entry is kept, so 10,000
      // targets every 30 s leave no per-round labels behind for the old generation to collect.
      if (entry === undefined || entry.verdict !== result.verdict || entry.layer !== result.layer) {
        if (entry !== undefined) {
          verdict.remove({ ...entry.labels, verdict: entry.verdict, layer: entry.layer });
        }
        entry = { labels: entry?.labels ?? fresh, verdict: result.verdict, layer: result.layer };
        known.set(result.id, entry);
        up.set(entry.labels, isPassingVerdict(result.verdict) ? 1 : 0);
        verdict.set({ ...entry.labels, verdict: result.verdict, layer: result.layer }, 1);
      }
      duration.set(entry.labels, result.timings.total / 1000);
      for (const phase of PHASES) {
        const ms = result.timings[phase];
        if (ms !== undefined) phases.observe({ phase }, ms / 1000);
      }
    },
    removeTarget: forget,
    retainTargets(ids) {
      const keep = new Set(ids);
      const gone = [...known.keys()].filter((id) => !keep.has(id));
      for (const id of gone) forget(id);
      return gone;
    },
    setIncidentsOpen(counts) {
      const next = new Set(Object.keys(counts));
      for (const environment of environments) if (!next.has(environment)) incidents.remove({ environment });
      for (const [environment, count] of Object.entries(counts)) incidents.set({ environment }, count);
      environments = next;
    },
    countNotification(channel, result) {
      notifications.inc({ channel, result });
    },
    setOutboxPending(count) {
      outbox.set(count);
    },
    setSchedulerLag(seconds) {
      lag.set(seconds);
    },
  };
}

function sameLabels(a: TargetLabels, b: TargetLabels): boolean {
  return TARGET_LABELS.every((name) => a[name] === b[name]);
}
