import type { HostEventFacts } from '../incidents/host-event.js';
import type { ServiceState } from './host-snapshot.js';

/**
 * Pure: a front-door service whose main process has another pid or start time than at the previous
 * check was restarted in between (an upgrade's postinst, a crash and systemd's Restart=, a person). A
 * reload keeps the master and is not a restart. A service seen at only one of the two checks is left to
 * the listener events (its socket disappeared or returned).
 */
export function detectServiceRestarts(
  previous: readonly ServiceState[],
  current: readonly ServiceState[],
): HostEventFacts[] {
  const before = new Map(previous.map((s) => [s.service, s]));
  const facts: HostEventFacts[] = [];
  for (const now of current) {
    const then = before.get(now.service);
    if (then === undefined || (then.pid === now.pid && then.startedAt === now.startedAt)) continue;
    const unit = now.unit ?? then.unit;
    facts.push({
      type: 'service_restarted',
      service: now.service,
      ...(unit === undefined ? {} : { unit }),
      previous: { pid: then.pid, startedAt: then.startedAt },
      current: {
        pid: now.pid,
        startedAt: now.startedAt,
        ...(now.exe === undefined ? {} : { exe: now.exe }),
      },
    });
  }
  return facts;
}
