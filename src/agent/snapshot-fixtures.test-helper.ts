import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type HostEvent, type HostEventFacts, hostEventSchema } from '../incidents/host-event.js';
import { type HostSnapshot, hostSnapshotSchema } from './host-snapshot.js';

export const INCIDENT_000 = join(import.meta.dirname, 'fixtures/incident-000');

/** A recorded snapshot of incident 000, validated as the agent's state file would be. */
export function readSnapshot(name: string): HostSnapshot {
  return hostSnapshotSchema.parse(JSON.parse(readFileSync(join(INCIDENT_000, `${name}.json`), 'utf8')));
}

/** Facts stamped as the agent would, and checked against the contract the server validates with. */
export function stamp(
  facts: readonly HostEventFacts[],
  firstSequence = 1,
  at = '2026-11-23T06:12:00.000Z',
): HostEvent[] {
  return facts.map((fact, i) =>
    hostEventSchema.parse({ ...fact, origin: 'web1', sequence: firstSequence + i, observedAt: at }),
  );
}
