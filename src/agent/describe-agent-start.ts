import type { HostEventFacts } from '../incidents/host-event.js';
import { capText } from './cap-text.js';
import type { HostSnapshot } from './host-snapshot.js';

/** Pure: the `agent_started` event: who is watching, and the state it starts from. */
export function describeAgentStart(input: {
  snapshot: HostSnapshot;
  resumed: boolean;
  hostname: string;
  root: boolean;
  packagesSince: Date;
}): HostEventFacts {
  const { snapshot } = input;
  return {
    type: 'agent_started',
    resumed: input.resumed,
    hostname: capText(input.hostname === '' ? 'unknown' : input.hostname),
    root: input.root,
    listeners: snapshot.listeners.map((l) => ({
      listener: l.key,
      expectedOwner: l.expectedOwner,
      verdict: l.verdict,
      ownerKnown: l.ownerKnown,
      sockets: l.sockets,
      holders: l.holders,
    })),
    nginxTest: snapshot.nginxTest.status,
    drift: snapshot.drift.status,
    packagesSince: input.packagesSince.toISOString(),
  };
}
