import type { Change, HostChange, RankedCause } from './change.js';
import { describeCause } from './describe-cause.js';
import type { HostEventOf } from './host-event.js';

/**
 * How likely each kind of change is to break the front door as a visitor meets it (docs/watch.md,
 * "Changes and the likely cause"). Zero: context worth showing that never explains an outage by itself.
 */
export const CHANGE_WEIGHTS = {
  /** another program holds the door: refused, TLS and edge failures follow directly (incident 000) */
  doorTaken: 10,
  /** nothing listens where the front door should: connect_refused */
  socketGone: 8,
  /** the next reload or restart of nginx fails */
  nginxTestFailing: 7,
  /** a deploy to the incident's origins whose gate failed */
  failedGate: 7,
  /** the proxy's configuration differs from its baseline (incident 002) */
  drift: 6,
  /** a front-door service restarted: the moment its socket was free */
  restart: 5,
  /** a package that owns or competes for the front door changed (front-door-packages.ts) */
  frontDoorPackage: 4,
  /** a deploy to the incident's origins that passed its gate */
  deploy: 3,
  /** any other package */
  package: 1,
} as const;

/** Each earlier change that explains a cause's head (the restart before the door was taken) adds this. */
export const LINK_BONUS = 2;
/** How far back an explaining change may be: a restart, an upgrade, a drift within minutes of what followed. */
export const LINK_MS = 15 * 60_000;
/** Clocks differ (apt logs whole seconds in local time; the agent samples): "before" allows this much. */
const CLOCK_SLACK_MS = 60_000;
/** Changes within this of the start rank fully; older ones fade to FADE_FLOOR at 2 hours. */
const FULL_WEIGHT_MS = 10 * 60_000;
const WINDOW_MS = 2 * 3_600_000;
const FADE_FLOOR = 0.25;
/** A change seen this long after the start is a consequence or a repair more often than the cause. */
const AFTER_FACTOR = 0.2;
/** Likely causes kept per incident. */
export const MAX_CAUSES = 3;

/**
 * Timing: a change close to the start (before it, or seen up to 10 minutes after it, which is how late an
 * agent's check and a spool may report it) counts fully; earlier ones fade linearly to a quarter at 2 hours.
 */
export function timingFactor(changeMs: number, startMs: number): number {
  const before = startMs - changeMs;
  if (before < -FULL_WEIGHT_MS) return AFTER_FACTOR;
  if (before <= FULL_WEIGHT_MS) return 1;
  const faded = 1 - ((1 - FADE_FLOOR) * (before - FULL_WEIGHT_MS)) / (WINDOW_MS - FULL_WEIGHT_MS);
  return Math.max(FADE_FLOOR, faded);
}

/** A change's weight on its own; `relevant` says whether a deploy touched the incident's origins or targets. */
export function weightOf(change: Change, relevant: boolean): number {
  if (change.kind === 'deploy') {
    if (!relevant) return 0;
    return change.mark.result === 'failed' ? CHANGE_WEIGHTS.failedGate : CHANGE_WEIGHTS.deploy;
  }
  const { event } = change;
  switch (event.type) {
    case 'listener_owner_changed':
    case 'socket_returned':
      return event.verdict === 'wrong_listener' ? CHANGE_WEIGHTS.doorTaken : 0;
    case 'socket_disappeared':
      return CHANGE_WEIGHTS.socketGone;
    case 'nginx_test_failing':
      return CHANGE_WEIGHTS.nginxTestFailing;
    case 'config_drift_appeared':
      return CHANGE_WEIGHTS.drift;
    case 'service_restarted':
      return CHANGE_WEIGHTS.restart;
    case 'package_changed':
      return event.frontDoor === undefined ? CHANGE_WEIGHTS.package : CHANGE_WEIGHTS.frontDoorPackage;
    case 'agent_started':
    case 'nginx_test_recovered':
    case 'config_drift_cleared':
    case 'could_not_read':
    case 'events_dropped':
      return 0;
  }
}

export interface Ranking {
  /** each change's own score (weight x timing), by key */
  scores: Map<string, number>;
  /** best first, at most MAX_CAUSES */
  causes: RankedCause[];
}

/**
 * Ranks an incident's changes as likely causes. Each change with a weight heads a chain of the earlier
 * changes of its origin that explain it (an upgrade, then the restart it caused, then the door taken);
 * a chain scores its head's weight times its timing, plus LINK_BONUS per explaining change. Chains are
 * taken best first; a change already in a chosen chain, or a package of the same apt run as one in it,
 * heads no other.
 */
export function rankChanges(
  changes: readonly Change[],
  startMs: number,
  isRelevant: (change: Change) => boolean,
): Ranking {
  const scores = new Map<string, number>();
  const own = (change: Change) =>
    round(weightOf(change, isRelevant(change)) * timingFactor(Date.parse(change.at), startMs));
  for (const change of changes) scores.set(change.key, own(change));
  const hosts = changes.filter((change): change is HostChange => change.kind === 'host');
  const chains = changes
    .filter((change) => (scores.get(change.key) ?? 0) > 0)
    .map((head) => {
      const links = head.kind === 'host' ? explainersOf(head, hosts) : [];
      return { head, links, score: round((scores.get(head.key) ?? 0) + LINK_BONUS * links.length) };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        Date.parse(b.head.at) - Date.parse(a.head.at) ||
        a.head.key.localeCompare(b.head.key),
    );
  const used = new Set<string>();
  const causes: RankedCause[] = [];
  for (const { head, links, score } of chains) {
    if (causes.length >= MAX_CAUSES) break;
    if (used.has(head.key)) continue;
    const chain = [...links, head];
    for (const change of [...chain, ...sameRunAs(chain, hosts)]) used.add(change.key);
    causes.push({
      headline: describeCause(chain, startMs),
      score,
      changes: chain.map((change) => change.key),
    });
  }
  return { scores, causes };
}

/** Packages changed by the same apt or dpkg run as one in the chain (nginx-common beside nginx): one cause. */
function sameRunAs(chain: readonly Change[], hosts: readonly HostChange[]): HostChange[] {
  const runs = new Set(chain.flatMap((change) => (change.kind === 'host' ? (runOf(change) ?? []) : [])));
  return hosts.filter((change) => {
    const run = runOf(change);
    return run !== undefined && runs.has(run);
  });
}

function runOf(change: HostChange): string | undefined {
  const { event } = change;
  if (event.type !== 'package_changed') return undefined;
  return `${event.origin}|${event.loggedAt}|${event.source}|${event.actor}|${event.commandline ?? ''}`;
}

/** The earlier changes of the head's origin that explain it, earliest first. */
function explainersOf(head: HostChange, all: readonly HostChange[]): HostChange[] {
  const sameOrigin = all.filter((change) => change !== head && change.event.origin === head.event.origin);
  const { event } = head;
  const links: Array<HostChange | undefined> = [];
  switch (event.type) {
    case 'listener_owner_changed':
    case 'socket_returned':
    case 'socket_disappeared': {
      const gone =
        event.type === 'socket_disappeared'
          ? undefined
          : latestBefore(
              sameOrigin,
              head,
              (c): c is HostChange => isType(c, 'socket_disappeared') && c.event.listener === event.listener,
            );
      const anchor = gone ?? head;
      const restart = latestBefore(sameOrigin, anchor, (c) => isRestartOf(c, event.expectedOwner));
      const upgrade = packageBefore(sameOrigin, restart ?? anchor, event.expectedOwner);
      links.push(upgrade, restart, gone);
      break;
    }
    case 'nginx_test_failing': {
      const drift = latestBefore(sameOrigin, head, (c) => isType(c, 'config_drift_appeared'));
      links.push(packageBefore(sameOrigin, drift ?? head, 'nginx'), drift);
      break;
    }
    case 'config_drift_appeared':
      if (event.config.includes('nginx')) links.push(packageBefore(sameOrigin, head, 'nginx'));
      break;
    case 'service_restarted':
      links.push(packageBefore(sameOrigin, head, event.service));
      break;
    default:
      break;
  }
  return links
    .filter((change): change is HostChange => change !== undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function isType<K extends HostChange['event']['type']>(
  change: HostChange,
  type: K,
): change is HostChange & { event: HostEventOf<K> } {
  return change.event.type === type;
}

function isRestartOf(change: HostChange, service: string): boolean {
  return change.event.type === 'service_restarted' && change.event.service === service;
}

/** The latest change matching `test` at most LINK_MS before `anchor` (and not after it, give or take clocks). */
function latestBefore(
  changes: readonly HostChange[],
  anchor: HostChange,
  test: (change: HostChange) => boolean,
): HostChange | undefined {
  const anchorMs = Date.parse(anchor.at);
  return changes
    .filter((change) => {
      const ms = Date.parse(change.at);
      return test(change) && ms <= anchorMs + CLOCK_SLACK_MS && anchorMs - ms <= LINK_MS;
    })
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}

/** The package change of `service` (nginx, nginx-common, php8.2-fpm for php-fpm) just before `anchor`. */
function packageBefore(
  changes: readonly HostChange[],
  anchor: HostChange,
  service: string,
): HostChange | undefined {
  const candidates = changes.filter((change) => packageOf(change, service) !== undefined);
  const exact = latestBefore(candidates, anchor, (change) => packageOf(change, service) === 'exact');
  return exact ?? latestBefore(candidates, anchor, () => true);
}

function packageOf(change: HostChange, service: string): 'exact' | 'related' | undefined {
  if (change.event.type !== 'package_changed') return undefined;
  // Versions in names (php8.2-fpm) are not part of what the service is called (php-fpm).
  const name = change.event.package.replace(/[\d.]+/g, '');
  const wanted = service.replace(/[\d.]+/g, '');
  if (name === wanted) return 'exact';
  const parts = name.split('-');
  return parts.includes(wanted) || name.startsWith(`${wanted}-`) || name.startsWith(`lib${wanted}-`)
    ? 'related'
    : undefined;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
