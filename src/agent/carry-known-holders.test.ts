import { describe, expect, it } from 'vitest';
import { carryKnownHolders } from './carry-known-holders.js';
import { detectListenerChanges } from './detect-listener-changes.js';
import type { HostSnapshot, ListenerState } from './host-snapshot.js';
import { readSnapshot } from './snapshot-fixtures.test-helper.js';

const before = readSnapshot('1-before');
const after = readSnapshot('3-openvpn-holds-443');

/** The check in between: nginx's processes exited while /proc was scanned, so :443 listened with no holder. */
function holderVanished(snapshot: HostSnapshot): HostSnapshot {
  const unknown = (l: ListenerState): ListenerState => ({
    ...l,
    verdict: 'owner_unknown',
    holders: [],
    ownerKnown: false,
  });
  return { ...snapshot, listeners: snapshot.listeners.map((l) => (l.key === '443' ? unknown(l) : l)) };
}

describe('carryKnownHolders', () => {
  it('carries the last identified holders through checks that could not identify any', () => {
    const middle = carryKnownHolders(before, holderVanished(before));
    expect(middle.listeners[0]?.lastKnown?.map((p) => p.pid)).toEqual([1000, 1001, 1002]);
    const still = carryKnownHolders(middle, holderVanished(before));
    expect(still.listeners[0]?.lastKnown?.map((p) => p.pid)).toEqual([1000, 1001, 1002]);
    // Known holders need nothing carried; a stale lastKnown is dropped.
    expect(carryKnownHolders(still, before).listeners[0]).not.toHaveProperty('lastKnown');
  });

  it('lets incident 000 show even when the scan missed nginx as it stopped', () => {
    const middle = carryKnownHolders(before, holderVanished(before));
    expect(detectListenerChanges(before.listeners, middle.listeners)).toEqual([]);
    const last = carryKnownHolders(middle, after);
    expect(detectListenerChanges(middle.listeners, last.listeners)).toMatchObject([
      {
        type: 'listener_owner_changed',
        listener: '443',
        previous: [{ pid: 1000 }, { pid: 1001 }, { pid: 1002 }],
      },
      { type: 'socket_disappeared', listener: '80' },
    ]);
  });
});
