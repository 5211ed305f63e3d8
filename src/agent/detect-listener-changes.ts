import type { HostEventFacts } from '../incidents/host-event.js';
import type { ListenerState } from './host-snapshot.js';

/**
 * Pure: what happened to each expected listener between two checks. A listener that was missing and
 * listens again `socket_returned`; one that listened and is gone `socket_disappeared`; one held by
 * other programs than before `listener_owner_changed`, but only when both holders were readable: an
 * unreadable holder is never taken for a change (could_not_read says so instead). Programs are compared
 * by name, so an nginx restart (new pids, same program) is not an owner change: service_restarted is.
 */
export function detectListenerChanges(
  previous: readonly ListenerState[],
  current: readonly ListenerState[],
): HostEventFacts[] {
  const before = new Map(previous.map((l) => [l.key, l]));
  const facts: HostEventFacts[] = [];
  for (const now of current) {
    const then = before.get(now.key);
    if (then === undefined) continue;
    const base = { listener: now.key, expectedOwner: now.expectedOwner };
    const wasListening = then.verdict !== 'socket_missing';
    const isListening = now.verdict !== 'socket_missing';
    if (!wasListening && now.verdict !== 'socket_missing') {
      facts.push({
        type: 'socket_returned',
        ...base,
        sockets: now.sockets,
        current: now.ownerKnown ? now.holders : [],
        ownerKnown: now.ownerKnown,
        verdict: now.verdict,
      });
    } else if (wasListening && !isListening) {
      facts.push({ type: 'socket_disappeared', ...base, previous: then.ownerKnown ? then.holders : [] });
    } else if (
      wasListening &&
      now.verdict !== 'socket_missing' &&
      then.ownerKnown &&
      now.ownerKnown &&
      programsOf(then) !== programsOf(now)
    ) {
      facts.push({
        type: 'listener_owner_changed',
        ...base,
        sockets: now.sockets,
        previous: then.holders,
        current: now.holders,
        verdict: now.verdict,
      });
    }
  }
  return facts;
}

/** The holders' distinct program names, as one comparable string. */
function programsOf(listener: ListenerState): string {
  return [...new Set(listener.holders.map((p) => p.name.toLowerCase()))].sort().join('\n');
}
