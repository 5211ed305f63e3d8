import type { HostEventFacts, ProcessFacts } from '../incidents/host-event.js';
import { identifiedHolders } from './carry-known-holders.js';
import type { ListenerState } from './host-snapshot.js';

/**
 * Pure: what happened to each expected listener between two checks. A listener that was missing and
 * listens again `socket_returned`; one that listened and is gone `socket_disappeared`; one whose newly
 * read holders are other programs than those last identified `listener_owner_changed` (previous is empty
 * when none was ever identified). An unreadable holder is never taken for a change: could_not_read says
 * so, and `lastKnown` (carry-known-holders.ts) keeps what to compare with. Programs are compared by name,
 * so an nginx restart (new pids, same program) is not an owner change: service_restarted is.
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
    if (now.verdict === 'socket_missing') {
      if (then.verdict !== 'socket_missing') {
        facts.push({ type: 'socket_disappeared', ...base, previous: identifiedHolders(then) ?? [] });
      }
      continue;
    }
    if (then.verdict === 'socket_missing') {
      facts.push({
        type: 'socket_returned',
        ...base,
        sockets: now.sockets,
        current: now.ownerKnown ? now.holders : [],
        ownerKnown: now.ownerKnown,
        verdict: now.verdict,
      });
      continue;
    }
    const known = identifiedHolders(then) ?? [];
    // A holder read in full is `ok` or `wrong_listener`; anything else is not yet known.
    if (now.verdict !== 'ok' && now.verdict !== 'wrong_listener') continue;
    if (programsOf(known) !== programsOf(now.holders)) {
      facts.push({
        type: 'listener_owner_changed',
        ...base,
        sockets: now.sockets,
        previous: known,
        current: now.holders,
        verdict: now.verdict,
      });
    }
  }
  return facts;
}

/** The holders' distinct program names, as one comparable string. */
function programsOf(holders: readonly ProcessFacts[]): string {
  return [...new Set(holders.map((p) => p.name.toLowerCase()))].sort().join('\n');
}
