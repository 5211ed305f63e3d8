import type { HostSnapshot, ListenerState } from './host-snapshot.js';

/**
 * Pure: gives each listener whose holder is unknown at this check the holders last identified for it
 * (`lastKnown`), from the previous check's holders or from what that check carried itself. A holder is
 * unknown for a moment when its process exits while /proc is scanned, and for good when permissions hide
 * it; either way the next identified holder is compared with the last one known, so nginx -> (unknown) ->
 * openvpn is still an owner change, and nginx -> (unknown) -> nginx is none.
 */
export function carryKnownHolders(previous: HostSnapshot | undefined, current: HostSnapshot): HostSnapshot {
  const before = new Map((previous?.listeners ?? []).map((l) => [l.key, l]));
  return {
    ...current,
    listeners: current.listeners.map((listener) => {
      const { lastKnown: _stale, ...now } = listener;
      if (now.ownerKnown || now.verdict === 'socket_missing') return now;
      const carried = identifiedHolders(before.get(now.key));
      return carried === undefined ? now : { ...now, lastKnown: carried };
    }),
  };
}

/** Who holds a listener as far as is known: its readable holders, else those last identified, else undefined. */
export function identifiedHolders(listener: ListenerState | undefined): ListenerState['holders'] | undefined {
  if (listener === undefined || listener.verdict === 'socket_missing') return undefined;
  return listener.ownerKnown ? listener.holders : listener.lastKnown;
}
