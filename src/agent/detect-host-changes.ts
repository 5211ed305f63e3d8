import type { HostEventFacts } from '../incidents/host-event.js';
import { detectDriftChanges } from './detect-drift-changes.js';
import { detectListenerChanges } from './detect-listener-changes.js';
import { detectNginxTestChanges } from './detect-nginx-test-changes.js';
import { detectServiceRestarts } from './detect-service-restarts.js';
import { detectUnreadableChanges } from './detect-unreadable-changes.js';
import type { HostSnapshot } from './host-snapshot.js';

/**
 * Pure: every change between the previous check's snapshot and this one, in the order a reader follows
 * a cause: restarts, then who holds the sockets, then `nginx -t`, then drift, then what could not be
 * seen. Without a previous snapshot (a first start) nothing is a change; only what cannot be read is said.
 */
export function detectHostChanges(
  previous: HostSnapshot | undefined,
  current: HostSnapshot,
): HostEventFacts[] {
  return [
    ...detectServiceRestarts(previous?.services ?? [], current.services),
    ...detectListenerChanges(previous?.listeners ?? [], current.listeners),
    ...detectNginxTestChanges(previous?.nginxTest, current.nginxTest),
    ...detectDriftChanges(previous?.drift, current.drift),
    ...detectUnreadableChanges(previous?.unreadable, current.unreadable),
  ];
}
