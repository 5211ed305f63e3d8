import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../errors.js';
import type { HostEventFacts } from '../incidents/host-event.js';
import { type AgentStore, type AgentStoreOptions, openAgentStore } from './agent-store.js';
import { SPOOL_FILE } from './event-spool.js';
import { readSnapshot } from './snapshot-fixtures.test-helper.js';
import { LOCK_FILE } from './spool-lock.js';

const START = Date.UTC(2026, 10, 23, 6, 10, 30);
const snapshot = readSnapshot('1-before');
const cursor = { time: '2026-11-23T06:00:00.000Z', keys: [] };
const update = { snapshot, packageCursor: cursor };

function installed(name: string): HostEventFacts {
  return {
    type: 'package_changed',
    package: name,
    action: 'install',
    toVersion: '1.0',
    loggedAt: '2026-11-23T06:00:00.000Z',
    source: 'apt',
    actor: 'apt',
  };
}

const dirs: string[] = [];
const stores: AgentStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function spoolDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-agent-store-'));
  dirs.push(dir);
  return join(dir, 'spool');
}

async function open(dir: string, overrides: Partial<AgentStoreOptions> = {}) {
  const lines: string[] = [];
  const store = await openAgentStore({
    dir,
    origin: 'web1',
    maxBytes: 1024 * 1024,
    now: () => new Date(START),
    log: (line) => lines.push(line),
    ...overrides,
  });
  stores.push(store);
  const close = async () => {
    stores.splice(stores.indexOf(store), 1);
    await store.close();
  };
  return { store, lines, close };
}

describe('openAgentStore', () => {
  it('numbers events from the time the spool was made and resumes the numbering and the spool after a restart', async () => {
    const dir = await spoolDir();
    const first = await open(dir);
    expect(first.store.snapshot()).toBeUndefined();
    const events = await first.store.commit([installed('a'), installed('b')], new Date(START), update);
    expect(events.map((e) => [e.sequence, e.origin, e.observedAt])).toEqual([
      [START, 'web1', '2026-11-23T06:10:30.000Z'],
      [START + 1, 'web1', '2026-11-23T06:10:30.000Z'],
    ]);
    await first.close();

    const second = await open(dir, { now: () => new Date(START + 60_000) });
    expect(second.store.pending().map((e) => e.sequence)).toEqual([START, START + 1]);
    expect(second.store.snapshot()).toEqual(snapshot);
    expect(second.store.packageCursor()).toEqual(cursor);
    const more = await second.store.commit([installed('c')], new Date(START + 60_000), update);
    expect(more.map((e) => e.sequence)).toEqual([START + 2]);
  });

  it('forgets acknowledged events: the spool file is emptied once the server has them all', async () => {
    const dir = await spoolDir();
    const { store, close } = await open(dir);
    await store.commit([installed('a'), installed('b'), installed('c')], new Date(START), update);
    await store.acknowledge(START + 1);
    expect(store.pending().map((e) => e.sequence)).toEqual([START + 2]);
    await store.acknowledge(START + 2);
    expect(store.pending()).toEqual([]);
    expect(await readFile(join(dir, SPOOL_FILE), 'utf8')).toBe('');
    await close();
    expect((await open(dir)).store.pending()).toEqual([]);
  });

  it('drops events spooled but never committed (the agent died before writing its state); their numbers are reused', async () => {
    const dir = await spoolDir();
    const first = await open(dir);
    await first.store.commit([installed('a')], new Date(START), update);
    await first.close();
    // What a crash between the spool's fsync and the state's rename leaves: one line past nextSequence.
    const orphan = {
      ...installed('b'),
      origin: 'web1',
      sequence: START + 1,
      observedAt: '2026-11-23T06:11:00.000Z',
    };
    await appendFile(join(dir, SPOOL_FILE), `${JSON.stringify(orphan)}\n`);
    const second = await open(dir);
    expect(second.store.pending().map((e) => e.sequence)).toEqual([START]);
    expect(second.lines.join('\n')).toContain('dropped 1 spooled events the agent stopped before committing');
    const again = await second.store.commit([installed('b')], new Date(START + 30_000), update);
    expect(again.map((e) => e.sequence)).toEqual([START + 1]);
  });

  it('drops a torn last line and lines that are not events, and says so', async () => {
    const dir = await spoolDir();
    const first = await open(dir);
    await first.store.commit([installed('a')], new Date(START), update);
    await first.close();
    await appendFile(join(dir, SPOOL_FILE), 'not json\n{"type":"package_changed","origin":"web1","seq');
    const second = await open(dir);
    expect(second.store.pending().map((e) => e.sequence)).toEqual([START]);
    expect(second.lines.join('\n')).toContain('had 1 unreadable lines and a torn last line');
    expect((await readFile(join(dir, SPOOL_FILE), 'utf8')).split('\n')).toHaveLength(2);
  });

  it('when full, drops the oldest unsent events and says which in an events_dropped event', async () => {
    const dir = await spoolDir();
    const { store, lines } = await open(dir, { maxBytes: 3000 });
    const names = Array.from({ length: 30 }, (_, i) => `package-${i}`);
    for (const name of names) await store.commit([installed(name)], new Date(START), update);
    const pending = store.pending();
    const markers = pending.flatMap((e) => (e.type === 'events_dropped' ? [e] : []));
    const kept = pending.flatMap((e) => (e.type === 'package_changed' ? [e.package] : []));
    expect(markers.length).toBeGreaterThan(0);
    expect(markers[0]).toMatchObject({ reason: 'spool_full', spoolMaxBytes: 3000 });
    expect(Math.min(...markers.map((m) => m.firstSequence))).toBe(START);
    expect(kept.at(-1)).toBe('package-29');
    // Nothing is lost silently: the kept events and the markers' counts add up to every change committed.
    expect(kept.length + markers.reduce((sum, m) => sum + m.count, 0)).toBe(30);
    expect((await readFile(join(dir, SPOOL_FILE))).length).toBeLessThanOrEqual(3000);
    expect(lines.some((line) => line.startsWith('the spool is full (3000 bytes): dropped the'))).toBe(true);
  });

  it('refuses a spool that holds unsent events of another origin, and adopts an empty one', async () => {
    const dir = await spoolDir();
    const web2 = await open(dir, { origin: 'web2' });
    await web2.store.commit([installed('a')], new Date(START), update);
    await web2.close();
    const refused = await open(dir).catch((error: unknown) => error);
    expect(isFrontdoorError(refused) && refused.code).toBe('FD_ERR_USAGE');
    expect((refused as Error).message).toContain("holds 1 unsent events of origin 'web2', not 'web1'");

    const again = await open(dir, { origin: 'web2' });
    await again.store.acknowledge(START);
    await again.close();
    const adopted = await open(dir);
    expect(adopted.store.snapshot()).toBeUndefined();
    expect(adopted.lines.join('\n')).toContain("was origin 'web2's: starting afresh as 'web1'");
    expect((await adopted.store.commit([installed('b')], new Date(START), update))[0]?.sequence).toBe(
      START + 1,
    );
  });

  it('lets one agent at a time use a spool, and takes over the lock of one that died', async () => {
    const dir = await spoolDir();
    const first = await open(dir);
    const second = await open(dir).catch((error: unknown) => error);
    expect(isFrontdoorError(second) && second.message).toMatch(
      /is in use by another frontdoor agent \(pid \d+\)/,
    );
    await first.close();
    // A lock left by a process that no longer runs (or whose pid now belongs to another process).
    await writeFile(join(dir, LOCK_FILE), `${process.pid} 1\n`);
    const third = await open(dir);
    expect(third.store.pending()).toEqual([]);
  });

  it('moves an unreadable state aside and numbers on above every event still in the spool', async () => {
    const dir = await spoolDir();
    const first = await open(dir);
    await first.store.commit([installed('a')], new Date(START), update);
    await first.close();
    await writeFile(join(dir, 'state.json'), '{"version": 1, "origin": ');
    // The clock went back: the spool's own numbers still win.
    const second = await open(dir, { now: () => new Date(START - 3_600_000) });
    expect(second.lines[0]).toMatch(
      /unreadable \(not JSON\): moved to .*state\.json\.corrupt-\d+, starting afresh$/,
    );
    expect(second.store.pending().map((e) => e.sequence)).toEqual([START]);
    expect((await second.store.commit([installed('b')], new Date(START), update))[0]?.sequence).toBe(
      START + 1,
    );
  });
});
