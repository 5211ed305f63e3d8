import { mkdir } from 'node:fs/promises';
import { describeSystemError } from '../describe-system-error.js';
import { FrontdoorError } from '../errors.js';
import type { HostEvent, HostEventFacts } from '../incidents/host-event.js';
import { type AgentState, loadAgentState, saveAgentState } from './agent-state.js';
import type { PackageCursor } from './detect-package-changes.js';
import {
  appendToSpool,
  readSpool,
  rewriteSpool,
  SPOOL_FILE,
  type SpoolEntry,
  toSpoolEntry,
} from './event-spool.js';
import type { HostSnapshot } from './host-snapshot.js';
import { lockSpool } from './spool-lock.js';

export interface AgentStoreOptions {
  dir: string;
  origin: string;
  /** the spool's bound; when new events would pass it, the oldest unsent ones are dropped */
  maxBytes: number;
  now: () => Date;
  log: (line: string) => void;
  procRoot?: string;
}

/** The agent's memory: its state (sequence, last snapshot, package cursor) and the spool of unsent events. */
export interface AgentStore {
  /** the last check's snapshot, absent before the first one */
  snapshot(): HostSnapshot | undefined;
  packageCursor(): PackageCursor | undefined;
  /** committed events the server has not acknowledged, in sequence order */
  pending(): readonly HostEvent[];
  /**
   * Stamps the facts with the origin, the next sequences and `observedAt`, spools them (fsync'd), then
   * writes the state with the new snapshot: that write commits them. Resolves to the events committed.
   */
  commit(
    facts: readonly HostEventFacts[],
    observedAt: Date,
    update: { snapshot: HostSnapshot; packageCursor: PackageCursor },
  ): Promise<HostEvent[]>;
  /** The server has every event up to `sequence`: they leave the spool. */
  acknowledge(sequence: number): Promise<void>;
  close(): Promise<void>;
}

/** Room kept for the `events_dropped` marker when the spool is full. */
const MARKER_RESERVE = 1024;

/**
 * Opens (creating) the spool folder, locks it, loads the state and the spooled events, and drops what
 * a crash left uncommitted. Throws FrontdoorError when the folder cannot be used, is in use by another
 * agent, or holds unsent events of another origin.
 */
export async function openAgentStore(options: AgentStoreOptions): Promise<AgentStore> {
  try {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new FrontdoorError(
      'FD_ERR_IO',
      `cannot create the spool ${options.dir}: ${describeSystemError(error, 'EIO')}`,
      {
        cause: error,
      },
    );
  }
  const unlock = await lockSpool(options.dir, options.procRoot);
  try {
    const { state, entries } = await loadSpooled(options);
    return createStore(options, state, entries, unlock);
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** The state and the committed events of a spool folder, repaired after a crash. */
async function loadSpooled(
  options: AgentStoreOptions,
): Promise<{ state: AgentState; entries: SpoolEntry[] }> {
  const { dir, origin, log } = options;
  const loaded = await loadAgentState(dir, options.now());
  if (loaded.kind === 'corrupt') {
    log(
      `the agent state in ${dir} was unreadable (${loaded.problem}): moved to ${loaded.movedTo}, starting afresh`,
    );
  }
  const spool = await readSpool(dir, options.maxBytes * 2);
  const found = loaded.kind === 'found' ? loaded.state : undefined;
  const ordered = [...new Map(spool.entries.map((e) => [e.event.sequence, e])).values()].sort(
    (a, b) => a.event.sequence - b.event.sequence,
  );
  const committed =
    found === undefined ? ordered : ordered.filter((e) => e.event.sequence < found.nextSequence);
  const uncommitted = ordered.length - committed.length;
  if (uncommitted > 0) {
    log(
      `dropped ${uncommitted} spooled events the agent stopped before committing; the next check finds those changes again`,
    );
  }
  const damaged = spool.torn || spool.invalid > 0 || spool.cut;
  if (damaged) {
    const torn = spool.torn ? ' and a torn last line' : '';
    const cut = spool.cut ? '; it was larger than twice its bound, only its newest part was kept' : '';
    log(`the spool ${dir}/${SPOOL_FILE} had ${spool.invalid} unreadable lines${torn}${cut}`);
  }
  if (damaged || committed.length !== spool.entries.length) await rewriteSpool(dir, committed);
  const state: AgentState = found ?? {
    version: 1,
    origin,
    nextSequence: Math.max(options.now().getTime(), (committed.at(-1)?.event.sequence ?? 0) + 1),
  };
  if (state.origin === origin) return { state, entries: committed };
  if (committed.length > 0) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `the spool ${dir} holds ${committed.length} unsent events of origin '${state.origin}', not '${origin}': ` +
        `give this agent its own --spool, or let the '${state.origin}' agent send them first`,
    );
  }
  log(`the spool ${dir} was origin '${state.origin}'s: starting afresh as '${origin}'`);
  return { state: { version: 1, origin, nextSequence: state.nextSequence }, entries: committed };
}

function createStore(
  options: AgentStoreOptions,
  initial: AgentState,
  entries: SpoolEntry[],
  release: () => Promise<void>,
): AgentStore {
  const { dir, origin, maxBytes, log } = options;
  let state = initial;
  let pending = entries;
  let fileBytes = sizeOf(pending);
  // Every change to the files goes through this chain: the check loop and the sender never interleave.
  let chain: Promise<unknown> = Promise.resolve();
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  };

  const commit: AgentStore['commit'] = (facts, observedAt, update) =>
    serialize(async () => {
      let sequence = state.nextSequence;
      const stamp = (fact: HostEventFacts): HostEvent =>
        ({ ...fact, origin, sequence: sequence++, observedAt: observedAt.toISOString() }) as HostEvent;
      const fresh = facts.map((fact) => toSpoolEntry(stamp(fact)));
      const freshBytes = sizeOf(fresh);
      if (fileBytes + freshBytes <= maxBytes) {
        await appendToSpool(dir, fresh);
        pending = [...pending, ...fresh];
        fileBytes += freshBytes;
      } else {
        const kept = [...pending, ...fresh];
        const dropped: SpoolEntry[] = [];
        let total = sizeOf(kept);
        while (kept.length > 0 && total > maxBytes - MARKER_RESERVE) {
          const oldest = kept.shift() as SpoolEntry;
          dropped.push(oldest);
          total -= oldest.bytes;
        }
        if (dropped.length > 0) {
          const marker = toSpoolEntry(stamp(describeDrop(dropped, maxBytes)));
          kept.push(marker);
          log(`the spool is full (${maxBytes} bytes): dropped the ${dropped.length} oldest unsent events`);
        }
        await rewriteSpool(dir, kept);
        pending = kept;
        fileBytes = sizeOf(kept);
      }
      const before = JSON.stringify({ ...state.snapshot, takenAt: '' });
      const after = JSON.stringify({ ...update.snapshot, takenAt: '' });
      const changed =
        sequence !== state.nextSequence ||
        before !== after ||
        JSON.stringify(state.packageCursor) !== JSON.stringify(update.packageCursor);
      state = {
        ...state,
        nextSequence: sequence,
        snapshot: update.snapshot,
        packageCursor: update.packageCursor,
      };
      if (changed) await saveAgentState(dir, state);
      return pending
        .filter((e) => e.event.sequence >= (fresh[0]?.event.sequence ?? sequence))
        .map((e) => e.event);
    });

  const acknowledge: AgentStore['acknowledge'] = (through) =>
    serialize(async () => {
      pending = pending.filter((e) => e.event.sequence > through);
      const pendingBytes = sizeOf(pending);
      // Rewriting the whole file for each batch would be quadratic in a long backlog: compact when the
      // acknowledged part is at least as large as what remains (a restart may resend it: harmless).
      if (pending.length === 0 || fileBytes - pendingBytes >= Math.max(pendingBytes, 64 * 1024)) {
        await rewriteSpool(dir, pending);
        fileBytes = pendingBytes;
      }
    });

  return {
    snapshot: () => state.snapshot,
    packageCursor: () => state.packageCursor,
    pending: () => pending.map((e) => e.event),
    commit,
    acknowledge,
    close: () => serialize(release),
  };
}

function sizeOf(entries: readonly SpoolEntry[]): number {
  return entries.reduce((sum, e) => sum + e.bytes, 0);
}

/**
 * The marker for what was dropped. A marker can itself be dropped by a later drop: its range and count
 * are folded into the new one, so the count always says how many changes were lost.
 */
function describeDrop(dropped: readonly SpoolEntry[], maxBytes: number): HostEventFacts {
  let count = 0;
  let first: { sequence: number; at: string } | undefined;
  let last: { sequence: number; at: string } | undefined;
  const cover = (sequence: number, at: string) => {
    if (first === undefined || sequence < first.sequence) first = { sequence, at };
    if (last === undefined || sequence > last.sequence) last = { sequence, at };
  };
  for (const { event } of dropped) {
    if (event.type === 'events_dropped') {
      count += event.count;
      cover(event.firstSequence, event.firstObservedAt);
      cover(event.lastSequence, event.lastObservedAt);
    } else {
      count += 1;
      cover(event.sequence, event.observedAt);
    }
  }
  return {
    type: 'events_dropped',
    count: Math.max(1, count),
    firstSequence: first?.sequence ?? 1,
    lastSequence: last?.sequence ?? 1,
    firstObservedAt: first?.at ?? new Date(0).toISOString(),
    lastObservedAt: last?.at ?? new Date(0).toISOString(),
    reason: 'spool_full',
    spoolMaxBytes: maxBytes,
  };
}
