import type { Clock, Sleep } from '../gate/clock.js';
import { describeHostEvent } from '../incidents/describe-host-event.js';
import type { HostEvent } from '../incidents/host-event.js';
import { type AgentStore, openAgentStore } from './agent-store.js';
import { carryKnownHolders } from './carry-known-holders.js';
import { describeAgentStart } from './describe-agent-start.js';
import { detectHostChanges } from './detect-host-changes.js';
import { detectPackageChanges, FIRST_RUN_WINDOW_MS } from './detect-package-changes.js';
import { createEventSender, type EventSender } from './event-sender.js';
import type { PostJson } from './post-json.js';
import { backoffFor, type Random, retryDelay } from './retry-delay.js';
import type { CheckHost } from './take-host-snapshot.js';

export interface AgentSettings {
  /** the origin name every event carries */
  origin: string;
  /** SERVER/api/v1/events */
  eventsUrl: URL;
  token: string;
  intervalMs: number;
  /** one check, one attempt to deliver, then stop */
  once: boolean;
  spoolDir: string;
  spoolMaxBytes: number;
  hostname: string;
  root: boolean;
}

export interface AgentDependencies {
  clock: Clock;
  sleep: Sleep;
  random: Random;
  post: PostJson;
  checkHost: CheckHost;
  /** one line, no newline; never holds the token */
  log: (line: string) => void;
  procRoot?: string;
}

/** A request to the watch is bounded by this; the events stay spooled when it runs out. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** The spool's default bound: thousands of events, far more than hours of a busy host's changes. */
export const DEFAULT_SPOOL_MAX_BYTES = 16 * 1024 * 1024;

/**
 * `frontdoor agent` as a library: every interval, check the host, turn what changed into events, commit
 * them to the spool, and let the sender deliver the spool in order, retrying with backoff while the
 * watch is away. Resolves when `signal` aborts (SIGTERM) or, with `once`, after one check and one
 * delivery attempt; `delivered` says whether the spool was empty at the end.
 */
export async function runAgent(
  settings: AgentSettings,
  deps: AgentDependencies,
  signal: AbortSignal,
): Promise<{ delivered: boolean }> {
  const store = await openAgentStore({
    dir: settings.spoolDir,
    origin: settings.origin,
    maxBytes: settings.spoolMaxBytes,
    now: () => new Date(deps.clock.now()),
    log: deps.log,
    ...(deps.procRoot === undefined ? {} : { procRoot: deps.procRoot }),
  });
  try {
    const waiting = store.pending().length;
    deps.log(
      `watching origin ${settings.origin}${settings.once ? ' once' : ` every ${settings.intervalMs} ms`}, ` +
        `sending to ${settings.eventsUrl.href}; spool ${settings.spoolDir}` +
        (waiting > 0 ? ` (${waiting} events waiting)` : ''),
    );
    const sender = createEventSender({
      eventsUrl: settings.eventsUrl,
      token: settings.token,
      store,
      post: deps.post,
      timeoutMs: REQUEST_TIMEOUT_MS,
      now: () => deps.clock.now(),
      log: deps.log,
    });
    if (settings.once) {
      await checkOnce(settings, deps, store, store.snapshot() === undefined);
      const result = await sender.sendPending(signal);
      return { delivered: result.kind === 'drained' };
    }
    return await runLoop(settings, deps, store, sender, signal);
  } finally {
    await store.close();
  }
}

async function runLoop(
  settings: AgentSettings,
  deps: AgentDependencies,
  store: AgentStore,
  sender: EventSender,
  signal: AbortSignal,
): Promise<{ delivered: boolean }> {
  const wakeup = createWakeup();
  const sending = runSender(sender, wakeup, settings.intervalMs, deps, signal);
  let announced = false;
  while (!signal.aborted) {
    const started = deps.clock.now();
    try {
      await checkOnce(settings, deps, store, !announced);
      announced = true;
      wakeup.wake();
    } catch (error) {
      // One failed check (a full disk, /proc unreadable for a moment) must not end the watch.
      deps.log(`check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await deps.sleep(Math.max(0, settings.intervalMs - (deps.clock.now() - started)), signal);
  }
  await sending;
  return { delivered: store.pending().length === 0 };
}

/** One check: snapshot the host, detect what changed since the stored snapshot, commit the events. */
async function checkOnce(
  settings: AgentSettings,
  deps: AgentDependencies,
  store: AgentStore,
  announce: boolean,
): Promise<void> {
  const now = new Date(deps.clock.now());
  const cursor = store.packageCursor();
  const firstSince = new Date(now.getTime() - FIRST_RUN_WINDOW_MS);
  const packagesSince = cursor === undefined ? firstSince : new Date(cursor.time);
  const checked = await deps.checkHost(packagesSince, now);
  const previous = store.snapshot();
  const snapshot = carryKnownHolders(previous, checked.snapshot);
  const changes = checked.changes;
  const packages = detectPackageChanges(changes, cursor, firstSince);
  const start = describeAgentStart({
    snapshot,
    resumed: previous !== undefined,
    hostname: settings.hostname,
    root: settings.root,
    packagesSince,
  });
  const facts = [...(announce ? [start] : []), ...packages.facts, ...detectHostChanges(previous, snapshot)];
  const events = await store.commit(facts, now, { snapshot, packageCursor: packages.cursor });
  logEvents(events, deps.log);
}

/**
 * One line per event, except package changes that do not touch the front door: an upgrade of the whole
 * system would otherwise fill the journal, so those are counted on one line.
 */
function logEvents(events: readonly HostEvent[], log: (line: string) => void): void {
  const quiet = events.filter((e) => e.type === 'package_changed' && e.frontDoor === undefined);
  for (const event of events) {
    if (!quiet.includes(event)) log(`#${event.sequence} ${event.type}: ${describeHostEvent(event)}`);
  }
  const first = quiet[0];
  const last = quiet.at(-1);
  if (first !== undefined && last !== undefined) {
    log(`#${first.sequence}-#${last.sequence}: ${quiet.length} other package changes`);
  }
}

/** Delivers whenever there is something to send; after a failure waits out the backoff first. */
async function runSender(
  sender: EventSender,
  wakeup: Wakeup,
  intervalMs: number,
  deps: AgentDependencies,
  signal: AbortSignal,
): Promise<void> {
  const backoff = backoffFor(intervalMs);
  let attempt = 0;
  while (!signal.aborted) {
    const result = await sender.sendPending(signal);
    if (signal.aborted) return;
    if (result.kind === 'drained') {
      attempt = 0;
      await wakeup.wait(signal);
      continue;
    }
    attempt += 1;
    await deps.sleep(retryDelay(attempt, backoff, deps.random, result.retryAfterMs), signal);
  }
}

interface Wakeup {
  /** resolves at the next wake() (at once if one came while nobody waited), or when `signal` aborts */
  wait(signal: AbortSignal): Promise<void>;
  wake(): void;
}

function createWakeup(): Wakeup {
  let woken = false;
  let release: (() => void) | undefined;
  return {
    wait(signal) {
      if (woken || signal.aborted) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          release = undefined;
          woken = false;
          resolve();
        };
        release = done;
        signal.addEventListener('abort', done, { once: true });
      });
    },
    wake() {
      woken = true;
      release?.();
    },
  };
}
