import type { FlaggedChange } from '../host/host-report.js';
import type { HostEventFacts } from '../incidents/host-event.js';
import { capText } from './cap-text.js';
import { classifyPackageActor } from './classify-package-actor.js';

/**
 * How far the agent has reported the package logs: the newest log time reported, and which entries at
 * exactly that time (logs keep seconds, and one apt run logs many packages in the same second).
 */
export interface PackageCursor {
  time: string;
  keys: string[];
}

/**
 * A first start reports the package changes of the 2 hours before it, the window the watch attaches to
 * an incident: an agent installed (or given a fresh spool) right after an outage still names the upgrade
 * that caused it. Older entries stay in the logs, for `frontdoor host`.
 */
export const FIRST_RUN_WINDOW_MS = 2 * 60 * 60 * 1000;

/**
 * Pure: the package changes newer than the cursor (on a first run: logged since `firstSince`), oldest
 * first, as events, and the cursor after them. Entries older than the cursor that appear late (a clock
 * set back, a log restored) are not reported: the cursor only moves forward.
 */
export function detectPackageChanges(
  changes: readonly FlaggedChange[],
  cursor: PackageCursor | undefined,
  firstSince: Date,
): { facts: HostEventFacts[]; cursor: PackageCursor } {
  const since = cursor === undefined ? firstSince.getTime() : Date.parse(cursor.time);
  const reported = new Set(cursor?.keys ?? []);
  const fresh = changes
    .filter((c) => c.time.getTime() > since || (c.time.getTime() === since && !reported.has(changeKey(c))))
    .sort((a, b) => a.time.getTime() - b.time.getTime());
  const last = fresh.at(-1);
  if (last === undefined) {
    return { facts: [], cursor: cursor ?? { time: firstSince.toISOString(), keys: [] } };
  }
  const newest = last.time.getTime();
  const keys = fresh.filter((c) => c.time.getTime() === newest).map(changeKey);
  return {
    facts: fresh.map(toFacts),
    cursor: {
      time: last.time.toISOString(),
      keys: newest === since ? [...reported, ...keys] : keys,
    },
  };
}

/** Identifies one log entry among those logged in the same second. */
function changeKey(change: FlaggedChange): string {
  return [
    change.source,
    change.action,
    change.package,
    change.architecture ?? '',
    change.fromVersion ?? '',
    change.toVersion ?? '',
  ].join(' ');
}

function toFacts(change: FlaggedChange): HostEventFacts {
  const optional = (value: string | undefined) => (value === undefined ? undefined : capText(value));
  const fields = {
    architecture: optional(change.architecture),
    fromVersion: optional(change.fromVersion),
    toVersion: optional(change.toVersion),
    commandline: optional(change.commandline),
    requestedBy: optional(change.requestedBy),
    frontDoor: optional(change.frontDoor),
  };
  return {
    type: 'package_changed',
    package: capText(change.package),
    action: change.action,
    loggedAt: change.time.toISOString(),
    source: change.source,
    actor: classifyPackageActor(change),
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
  };
}
