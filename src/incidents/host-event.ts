import { z } from 'zod';

/**
 * The contract between `frontdoor agent` (which watches one origin host from inside) and the watch (which
 * stores the events, puts them on the timeline and attaches them to incidents). The agent sends batches
 * of these to `POST /api/v1/events`; the server validates them with `hostEventBatchSchema`. Fields may be
 * added; none may be renamed. docs/agent.md documents the JSON shape.
 *
 * Every event says what the agent saw change between two of its checks, never a guess: when the agent
 * could not see something (another user's file descriptors, a log it may not read), it says so with a
 * `could_not_read` event instead.
 */

/** Bounds the agent applies before sending and the schema enforces: one event stays small. */
export const HOST_EVENT_LIMITS = {
  /** a drift's unified diff, in characters; longer diffs are cut and `diffTruncated` set */
  diffChars: 64 * 1024,
  /** lines of `nginx -t` output kept */
  outputLines: 40,
  /** characters per output line, path or name */
  lineChars: 500,
  /** items in any list (processes, pids, files) */
  listItems: 100,
} as const;

/** One POST carries at most this many events and bytes; the server's body limit must allow it. */
export const EVENT_BATCH_LIMITS = { events: 100, bytes: 1024 * 1024 } as const;

const isoTime = z.iso.datetime({ offset: true });
const text = z.string().max(HOST_EVENT_LIMITS.lineChars);
const name = z.string().min(1).max(HOST_EVENT_LIMITS.lineChars);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(HOST_EVENT_LIMITS.listItems);

/**
 * A process as the agent read it from /proc. The command line is deliberately left out: it stays on the
 * host, since arguments may carry secrets and events leave the machine.
 */
export const processFactsSchema = z.strictObject({
  pid: z.int().positive(),
  /** executable file name (from /proc/PID/exe), else /proc/PID/comm */
  name,
  /** /proc/PID/exe; absent when unreadable; " (deleted)" means the binary was upgraded under it */
  exe: z.string().max(4096).optional(),
  /** systemd unit from /proc/PID/cgroup */
  unit: name.optional(),
});
export type ProcessFacts = z.output<typeof processFactsSchema>;

/** The listener as configured (`host.listeners` key: "443", "127.0.0.1:8443", "unix:/run/x.sock"). */
const listenerFields = {
  listener: name,
  /** the process name `host.listeners` expects to hold it */
  expectedOwner: name,
};

/** `frontdoor host`'s verdicts on a listener; `owner_unknown`: it listens but its holder could not be read. */
const listenerVerdict = z.enum(['ok', 'wrong_listener', 'socket_missing', 'owner_unknown']);
const nginxTestStatus = z.enum(['passed', 'failed', 'needs_root', 'not_installed', 'not_run']);
const driftStatus = z.enum(['ok', 'drifted', 'no_baseline', 'unchecked']);

/** What was packaged (apt, dpkg) and who asked for it. */
export const PACKAGE_ACTORS = ['unattended-upgrades', 'apt', 'dpkg', 'other'] as const;
export type PackageActor = (typeof PACKAGE_ACTORS)[number];

const baselineRef = z.strictObject({ sha256: name, acceptedAt: isoTime });

const eventShapes = {
  /**
   * The agent began watching: on the first check of a long-running agent, and on the very first check
   * of a new spool under --once. It carries the state as seen then, so later deltas have a start.
   */
  agent_started: {
    /** false when no earlier state existed: nothing before this event was compared */
    resumed: z.boolean(),
    hostname: name,
    /** running as root: every process's sockets and every log were readable */
    root: z.boolean(),
    listeners: list(
      z.strictObject({
        ...listenerFields,
        verdict: listenerVerdict,
        ownerKnown: z.boolean(),
        sockets: list(name),
        holders: list(processFactsSchema),
      }),
    ),
    nginxTest: nginxTestStatus,
    drift: driftStatus,
    /** package changes logged since this time are reported as events (2 hours before a first start) */
    packagesSince: isoTime,
  },
  /** Another program holds a listener than at the previous check (both holders were readable). */
  listener_owner_changed: {
    ...listenerFields,
    sockets: list(name),
    previous: list(processFactsSchema),
    current: list(processFactsSchema),
    /** `wrong_listener` when the new holder is not the expected owner (incident 000) */
    verdict: z.enum(['ok', 'wrong_listener']),
  },
  /** Nothing listens any more where something did. */
  socket_disappeared: {
    ...listenerFields,
    /** who held it at the previous check (empty when that could not be read) */
    previous: list(processFactsSchema),
  },
  /** Something listens again where nothing did. */
  socket_returned: {
    ...listenerFields,
    sockets: list(name),
    current: list(processFactsSchema),
    /** false when the holder could not be read: `current` is then empty, not guessed */
    ownerKnown: z.boolean(),
    /** `owner_unknown` exactly when `ownerKnown` is false */
    verdict: z.enum(['ok', 'wrong_listener', 'owner_unknown']),
  },
  /** `nginx -t` fails where it passed (or fails differently than before). */
  nginx_test_failing: {
    config: name,
    output: list(text).max(HOST_EVENT_LIMITS.outputLines),
    outputTruncated: z.boolean(),
  },
  /** `nginx -t` passes again. */
  nginx_test_recovered: {
    config: name,
    output: list(text).max(HOST_EVENT_LIMITS.outputLines),
  },
  /** The configuration tree differs from its accepted baseline (or differs anew while drifted). */
  config_drift_appeared: {
    config: name,
    sha256: name,
    baseline: baselineRef,
    changed: list(name),
    added: list(name),
    removed: list(name),
    diff: z.string().max(HOST_EVENT_LIMITS.diffChars),
    diffTruncated: z.boolean(),
  },
  /** The tree matches a baseline again: the files were restored, or the drift was accepted. */
  config_drift_cleared: {
    config: name,
    sha256: name,
    baseline: baselineRef,
    how: z.enum(['restored', 'baseline_accepted']),
  },
  /** One package action from apt's history or dpkg's log, newer than the last one reported. */
  package_changed: {
    package: name,
    architecture: name.optional(),
    action: z.enum(['install', 'upgrade', 'downgrade', 'reinstall', 'remove', 'purge']),
    fromVersion: name.optional(),
    toVersion: name.optional(),
    /** the log's local time, as an absolute time */
    loggedAt: isoTime,
    source: z.enum(['apt', 'dpkg']),
    actor: z.enum(PACKAGE_ACTORS),
    /** apt's Commandline ("/usr/bin/unattended-upgrade") */
    commandline: text.optional(),
    /** apt's Requested-By ("alice (1000)") */
    requestedBy: text.optional(),
    /** why the package matters to the front door (src/host/front-door-packages.ts); absent when it does not */
    frontDoor: text.optional(),
  },
  /** A front-door service's main process started anew (its pid or start time moved) while it kept its socket. */
  service_restarted: {
    /** the expected owner's name from `host.listeners` */
    service: name,
    unit: name.optional(),
    previous: z.strictObject({ pid: z.int().positive(), startedAt: isoTime }),
    current: z.strictObject({
      pid: z.int().positive(),
      startedAt: isoTime,
      exe: z.string().max(4096).optional(),
    }),
  },
  /**
   * The agent lacks permission for something, so it does not know rather than guess: listeners whose
   * holder it could not identify (other users' /proc/PID/fd), files it could not read, `nginx -t` that
   * needs root. Sent when that set changes.
   */
  could_not_read: {
    /** listener keys that are listening but whose holder could not be identified */
    listeners: list(name),
    /** processes whose /proc/PID/fd was unreadable: how many, and the first pids */
    processes: z.strictObject({ count: z.int().nonnegative(), pids: list(z.int().positive()) }),
    /** "PATH: CODE" for each file that could not be read */
    files: list(text),
    /** `nginx -t` stopped only on files this user may not open */
    nginxTest: z.boolean(),
    /** what would let the agent see it: one line */
    hint: text,
  },
  /**
   * The spool was full while the server was unreachable: the oldest unsent events were dropped. `count`
   * changes were lost, all with sequences within firstSequence..lastSequence (others in that span may
   * have been kept, and sent).
   */
  events_dropped: {
    count: z.int().positive(),
    firstSequence: z.int().positive(),
    lastSequence: z.int().positive(),
    firstObservedAt: isoTime,
    lastObservedAt: isoTime,
    reason: z.literal('spool_full'),
    spoolMaxBytes: z.int().positive(),
  },
} as const;

export type HostEventType = keyof typeof eventShapes;
export const HOST_EVENT_TYPES = Object.keys(eventShapes) as HostEventType[];

/**
 * What every event carries:
 * - `origin`: the origin name (a key of the watch's `origins`) the agent speaks for;
 * - `sequence`: per agent, increasing by one per event and never reused, persisted across restarts.
 *   It starts at the Unix time in milliseconds when the agent's spool was created, so an agent whose
 *   state was lost starts above every number it used before. The server keeps one event per
 *   (origin, sequence): a resend is harmless. Numbers may have gaps (see `events_dropped`);
 * - `observedAt`: when the agent's check saw the change (the change itself happened since the
 *   previous check; `loggedAt` and `startedAt` give the exact time where the host knows it).
 */
const envelope = {
  origin: name,
  sequence: z.int().positive(),
  observedAt: isoTime,
};

function eventSchema<K extends HostEventType>(type: K) {
  return z.strictObject({ type: z.literal(type), ...envelope, ...eventShapes[type] });
}

/** Validates one event; the server reuses it for `POST /api/v1/events`. */
export const hostEventSchema = z.discriminatedUnion('type', [
  eventSchema('agent_started'),
  eventSchema('listener_owner_changed'),
  eventSchema('socket_disappeared'),
  eventSchema('socket_returned'),
  eventSchema('nginx_test_failing'),
  eventSchema('nginx_test_recovered'),
  eventSchema('config_drift_appeared'),
  eventSchema('config_drift_cleared'),
  eventSchema('package_changed'),
  eventSchema('service_restarted'),
  eventSchema('could_not_read'),
  eventSchema('events_dropped'),
]);

export type HostEvent = z.output<typeof hostEventSchema>;

/** An event of one type. */
export type HostEventOf<K extends HostEventType> = Extract<HostEvent, { type: K }>;

/** What an event says, before the agent stamps it with origin, sequence and time. */
export type HostEventFacts = WithoutEnvelope<HostEvent>;

type WithoutEnvelope<E> = E extends unknown ? Omit<E, 'origin' | 'sequence' | 'observedAt'> : never;

/** The body of `POST /api/v1/events`: events of one origin in increasing sequence. */
export const hostEventBatchSchema = z
  .strictObject({ events: z.array(hostEventSchema).min(1).max(EVENT_BATCH_LIMITS.events) })
  .superRefine((batch, ctx) => {
    for (let i = 1; i < batch.events.length; i++) {
      const before = batch.events[i - 1];
      const event = batch.events[i];
      if (before === undefined || event === undefined) continue;
      if (event.origin !== before.origin) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'origin'], message: 'one origin per batch' });
      }
      if (event.sequence <= before.sequence) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'sequence'],
          message: 'sequences must increase within a batch',
        });
      }
    }
  });

export type HostEventBatch = z.output<typeof hostEventBatchSchema>;
