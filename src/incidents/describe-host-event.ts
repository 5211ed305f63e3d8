import type { HostEvent, ProcessFacts } from './host-event.js';

/**
 * One line a person reads on the timeline, in a log or in a notification's "changes before" list.
 * @example describeHostEvent(ownerChanged) // "443 is now held by openvpn (pid 812), not nginx (was nginx pids 100, 101)"
 */
export function describeHostEvent(event: HostEvent): string {
  switch (event.type) {
    case 'agent_started':
      return `agent started on ${event.hostname}${event.resumed ? '' : ' (first start)'}${event.root ? '' : ', not as root'}`;
    case 'listener_owner_changed':
      return event.verdict === 'wrong_listener'
        ? `${event.listener} is now held by ${describeHolders(event.current)}, not ${event.expectedOwner} (was ${describeHolders(event.previous)})`
        : `${event.listener} is held by ${describeHolders(event.current)} again (was ${describeHolders(event.previous)})`;
    case 'socket_disappeared':
      return `nothing listens on ${event.listener} any more (was ${describeHolders(event.previous)})`;
    case 'socket_returned':
      if (!event.ownerKnown) return `${event.listener} is listening again; its holder could not be read`;
      return event.verdict === 'wrong_listener'
        ? `${event.listener} is listening again, held by ${describeHolders(event.current)}, not ${event.expectedOwner}`
        : `${event.listener} is listening again, held by ${describeHolders(event.current)}`;
    case 'nginx_test_failing': {
      const line = event.output.find((l) => l.includes('[emerg]')) ?? event.output[0] ?? '';
      return `nginx -t fails${line === '' ? '' : `: ${line}`}`;
    }
    case 'nginx_test_recovered':
      return 'nginx -t passes again';
    case 'config_drift_appeared': {
      const counts = [
        event.changed.length > 0 ? `${event.changed.length} changed` : '',
        event.added.length > 0 ? `${event.added.length} added` : '',
        event.removed.length > 0 ? `${event.removed.length} removed` : '',
      ].filter((part) => part !== '');
      return `${event.config} drifted from the baseline accepted ${event.baseline.acceptedAt} (${counts.join(', ') || 'files renamed'})`;
    }
    case 'config_drift_cleared':
      return event.how === 'restored'
        ? `${event.config} matches its baseline again (files restored)`
        : `${event.config} drift accepted as the new baseline`;
    case 'package_changed': {
      const versions =
        event.fromVersion !== undefined && event.toVersion !== undefined
          ? ` ${event.fromVersion} -> ${event.toVersion}`
          : ` ${event.toVersion ?? event.fromVersion ?? ''}`.trimEnd();
      return `${event.package} ${PACKAGE_VERBS[event.action]}${versions} by ${event.actor} at ${event.loggedAt}`;
    }
    case 'service_restarted':
      return `${event.service} restarted at ${event.current.startedAt} (pid ${event.previous.pid} -> ${event.current.pid})`;
    case 'could_not_read':
      return `could not read: ${event.hint}`;
    case 'events_dropped':
      return `${event.count} events dropped while the spool was full (sequences ${event.firstSequence}-${event.lastSequence})`;
  }
}

/** A package action as a past participle: the host event's line and the likely cause say it alike. */
export const PACKAGE_VERBS = {
  install: 'installed',
  upgrade: 'upgraded',
  downgrade: 'downgraded',
  reinstall: 'reinstalled',
  remove: 'removed',
  purge: 'purged',
} as const;

/** "openvpn (pid 812)", "nginx (pids 100, 101, nginx.service)", "nobody" for an empty list. */
function describeHolders(processes: readonly ProcessFacts[]): string {
  if (processes.length === 0) return 'an unknown process';
  const byName = new Map<string, ProcessFacts[]>();
  for (const p of processes) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  return [...byName]
    .map(([name, group]) => {
      const unit = group.find((p) => p.unit !== undefined)?.unit;
      const pids = `${group.length === 1 ? 'pid' : 'pids'} ${group.map((p) => p.pid).join(', ')}`;
      return `${name} (${unit === undefined ? pids : `${pids}, ${unit}`})`;
    })
    .join(' and ');
}
