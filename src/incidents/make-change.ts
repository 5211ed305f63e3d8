import type { Change, DeployChange, HostChange } from './change.js';
import type { DeployMark } from './deploy-mark.js';
import { describeDeployMark } from './describe-deploy-mark.js';
import { describeHostEvent } from './describe-host-event.js';
import type { HostEvent } from './host-event.js';

/** What the engine keeps of an event's bulk: enough to read, not the whole diff (the timeline has it). */
const KEPT = { diffChars: 4096, outputLines: 5, deployTargets: 20 } as const;

/**
 * When a change happened, as well as the host knows it: apt's or dpkg's log time for a package, the new
 * process's start time for a restart, else when the agent's check saw it.
 */
export function changeTimeOf(event: HostEvent): string {
  if (event.type === 'package_changed') return event.loggedAt;
  if (event.type === 'service_restarted') return event.current.startedAt;
  return event.observedAt;
}

/** `host:ORIGIN#SEQUENCE`: how an incident's changes name a host event (change.ts). */
export function hostChangeKey(event: Pick<HostEvent, 'origin' | 'sequence'>): string {
  return `host:${event.origin}#${event.sequence}`;
}

/** `deploy:ID`, ID the store's id of the mark. */
export function deployChangeKey(id: string | number): string {
  return `deploy:${id}`;
}

/** A host event as the engine keeps it: keyed by origin and sequence, its bulk cut short. */
export function toHostChange(event: HostEvent): HostChange {
  let kept: HostEvent = event;
  if (event.type === 'config_drift_appeared' && event.diff.length > KEPT.diffChars) {
    const cut = event.diff.slice(0, event.diff.lastIndexOf('\n', KEPT.diffChars) + 1 || KEPT.diffChars);
    kept = { ...event, diff: cut, diffTruncated: true };
  } else if (event.type === 'nginx_test_failing' && event.output.length > KEPT.outputLines) {
    kept = { ...event, output: event.output.slice(0, KEPT.outputLines), outputTruncated: true };
  }
  return {
    kind: 'host',
    key: hostChangeKey(event),
    at: changeTimeOf(event),
    line: describeHostEvent(event),
    event: kept,
  };
}

/** A deploy mark as the engine keeps it: the failing and gapped targets first, at most 20. */
export function toDeployChange(id: string, mark: DeployMark): DeployChange {
  const failing = (target: DeployMark['targets'][number]) =>
    (target.verdict !== null && target.verdict !== 'ok') || (target.gap?.failed ?? 0) > 0;
  const targets = [...mark.targets.filter(failing), ...mark.targets.filter((t) => !failing(t))].slice(
    0,
    KEPT.deployTargets,
  );
  return {
    kind: 'deploy',
    key: deployChangeKey(id),
    at: mark.endedAt,
    line: describeDeployMark(mark),
    mark: {
      ...mark,
      targets,
      targetsTruncated: mark.targetsTruncated || targets.length < mark.targets.length,
    },
  };
}

/** The origin a change belongs to (host events), or the origins a deploy touched. */
export function originsOf(change: Change): string[] {
  return change.kind === 'host' ? [change.event.origin] : change.mark.origins;
}
