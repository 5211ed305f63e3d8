import { z } from 'zod';
import { processFactsSchema } from '../incidents/host-event.js';

/**
 * What the agent keeps of one check: exactly the facts its detectors compare, small enough to persist
 * after every check (state.json) so a restarted agent compares with what it saw last, not with nothing.
 * Validated on load, since the file outlives the process that wrote it.
 */

const listenerStateSchema = z.object({
  key: z.string(),
  expectedOwner: z.string(),
  verdict: z.enum(['ok', 'wrong_listener', 'socket_missing', 'owner_unknown']),
  sockets: z.array(z.string()),
  holders: z.array(processFactsSchema),
  /** false when something listens but no holder could be read: the owner is unknown, not guessed */
  ownerKnown: z.boolean(),
  /**
   * While the owner is unknown: the holders as last identified, carried from check to check
   * (carry-known-holders.ts), so a change is measured against what was last known, not against nothing.
   */
  lastKnown: z.array(processFactsSchema).optional(),
});

/** A front-door service's main process: the oldest holder named as `host.listeners` expects. */
const serviceStateSchema = z.object({
  service: z.string(),
  unit: z.string().optional(),
  pid: z.int().positive(),
  /** kernel ticks since boot: exact, so a restart within the same second still shows */
  startTicks: z.int().nonnegative(),
  startedAt: z.string(),
  exe: z.string().optional(),
});

const nginxTestStateSchema = z.object({
  status: z.enum(['passed', 'failed', 'needs_root', 'not_installed', 'not_run']),
  config: z.string().optional(),
  output: z.array(z.string()),
  outputTruncated: z.boolean(),
});

const baselineSchema = z.object({ sha256: z.string(), acceptedAt: z.string() });

const driftStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), config: z.string(), sha256: z.string(), baseline: baselineSchema }),
  z.object({ status: z.literal('no_baseline'), config: z.string(), sha256: z.string() }),
  z.object({
    status: z.literal('drifted'),
    config: z.string(),
    sha256: z.string(),
    baseline: baselineSchema,
    changed: z.array(z.string()),
    added: z.array(z.string()),
    removed: z.array(z.string()),
    diff: z.string(),
    diffTruncated: z.boolean(),
  }),
  z.object({ status: z.literal('unchecked'), reason: z.string() }),
]);

/** What the agent could not see at this check; `could_not_read` is sent when it changes. */
const unreadableStateSchema = z.object({
  /** listener keys listening with no readable holder */
  listeners: z.array(z.string()),
  pidCount: z.int().nonnegative(),
  pids: z.array(z.int().positive()),
  /** "PATH: CODE" */
  files: z.array(z.string()),
  nginxTest: z.boolean(),
});

export const hostSnapshotSchema = z.object({
  takenAt: z.string(),
  listeners: z.array(listenerStateSchema),
  services: z.array(serviceStateSchema),
  nginxTest: nginxTestStateSchema,
  drift: driftStateSchema,
  unreadable: unreadableStateSchema,
});

export type HostSnapshot = z.output<typeof hostSnapshotSchema>;
export type ListenerState = z.output<typeof listenerStateSchema>;
export type ServiceState = z.output<typeof serviceStateSchema>;
export type NginxTestState = z.output<typeof nginxTestStateSchema>;
export type DriftState = z.output<typeof driftStateSchema>;
export type UnreadableState = z.output<typeof unreadableStateSchema>;
