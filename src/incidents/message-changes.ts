import type { AttachedChange } from './change.js';
import type { IncidentMessage, IncidentRecord, MessageChange } from './incident.js';
import { originsOf } from './make-change.js';

/** Changes a message lists: enough for 3 a.m.; the record and the timeline keep the rest. */
export const MESSAGE_CHANGE_LIMIT = 20;

/**
 * The likely cause and the changes before an incident, as its message carries them: the changes of its
 * likely causes and failed gates first, then the highest scored, listed oldest first.
 */
export function messageChanges(
  incident: IncidentRecord,
): Pick<IncidentMessage, 'likelyCause' | 'changes' | 'failedGates'> {
  const attached = incident.changes ?? [];
  if (attached.length === 0) return {};
  const inCauses = new Set((incident.likelyCauses ?? []).flatMap((cause) => cause.changes));
  const picked = [...attached]
    .sort(
      (a, b) =>
        Number(inCauses.has(b.key)) - Number(inCauses.has(a.key)) ||
        Number(b.failedGate === true) - Number(a.failedGate === true) ||
        b.score - a.score ||
        Date.parse(b.at) - Date.parse(a.at),
    )
    .slice(0, MESSAGE_CHANGE_LIMIT)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.key.localeCompare(b.key));
  const out: Pick<IncidentMessage, 'likelyCause' | 'changes' | 'failedGates'> = {
    changes: picked.map(toMessageChange),
  };
  const headline = incident.likelyCauses?.[0]?.headline;
  if (headline !== undefined) out.likelyCause = headline;
  const gates = attached.filter((change) => change.failedGate === true);
  if (gates.length > 0) out.failedGates = gates.map(toMessageChange);
  return out;
}

function toMessageChange(change: AttachedChange): MessageChange {
  return {
    key: change.key,
    kind: change.kind,
    type: change.kind === 'host' ? change.event.type : 'deploy',
    at: change.at,
    origins: originsOf(change),
    line: change.line,
    score: change.score,
  };
}
