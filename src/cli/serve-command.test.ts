import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrontdoorConfig } from '../config/config-types.js';
import type { Daemon, DaemonOptions } from '../server/start-watch-daemon.js';
import { captureIo } from './capture-io.test-helper.js';
import { parseServeArgs } from './parse-serve-args.js';
import { createServeCommand, type ServeSignal } from './serve-command.js';

const GOOD = 'sites:\n  shop: { url: "http://shop.test/health" }\nwatch: { interval: 1s }\n';

describe('parseServeArgs', () => {
  it('reads the defaults and resolves the store against the working directory', () => {
    expect(parseServeArgs(['-c', 'f.yaml'], '/srv')).toEqual({
      config: 'f.yaml',
      store: { dialect: 'sqlite', path: '/srv/frontdoor.db' },
      listen: { host: '127.0.0.1', port: 9470 },
      location: 'local',
      validate: false,
      help: false,
    });
    expect(
      parseServeArgs(['-c', 'f', '--listen', '[::1]:9000', '--store', 'sqlite:/var/x.db'], '/'),
    ).toMatchObject({
      listen: { host: '::1', port: 9000 },
      store: { dialect: 'sqlite', path: '/var/x.db' },
    });
    expect(
      parseServeArgs(['-c', 'f', '--store', 'postgres://fd:secret@db.internal:5433/watch'], '/').store,
    ).toEqual({ dialect: 'postgres', url: 'postgres://fd:secret@db.internal:5433/watch' });
  });

  it.each([
    [['--store', 'sqlite:x'], '-c FILE is required'],
    [['-c', 'f', '--store', 'postgres://db'], '--store names no database'],
    [['-c', 'f', '--store', 'postgres:///watch'], '--store names no host'],
    [['-c', 'f', '--store', 'postgres://fd@/watch'], '--store is not a URL'],
    [
      ['-c', 'f', '--store', 'x.db'],
      "--store must be sqlite:PATH or postgres://USER@HOST:PORT/DATABASE, got 'x.db'",
    ],
    [['-c', 'f', '--listen', '127.0.0.1'], '--listen needs ADDR:PORT'],
    [['-c', 'f', '--location', 'a b'], "--location 'a b'"],
    [['-c', 'f', '--color'], "unknown option '--color'"],
    [
      ['-c', '-'],
      "frontdoor serve: -c - (standard input) cannot be read again on SIGHUP: give the configuration's file",
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseServeArgs(argv, '/')).toThrow(message);
  });
});

describe('frontdoor serve', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** A serve command over a fake daemon and fake signals; returns the run and a way to send signals. */
  async function setUp(text: string) {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-serve-cmd-'));
    await writeFile(join(dir, 'f.yaml'), text);
    const handlers = new Map<ServeSignal, () => void>();
    const reloads: FrontdoorConfig[] = [];
    let shutdowns = 0;
    let started: DaemonOptions | undefined;
    const io = captureIo({ cwd: dir });
    const command = createServeCommand({
      onSignal: (signal, handler) => {
        handlers.set(signal, handler);
        return () => handlers.delete(signal);
      },
      start: async (options) => {
        started = options;
        return {
          reload: async (config: FrontdoorConfig) => {
            reloads.push(config);
            return { added: 0, removed: 0, targets: 1 };
          },
          shutdown: async () => {
            shutdowns += 1;
            return { flushed: true };
          },
        } as unknown as Daemon;
      },
    });
    const logLines = () =>
      io
        .out()
        .trim()
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { msg: string; reason?: string });
    /** Sends `signal`, then waits (up to 5 s) until `done` holds. */
    const send = async (signal: ServeSignal, done: () => boolean) => {
      handlers.get(signal)?.();
      for (let waited = 0; !done() && waited < 5_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    return {
      io,
      command,
      send,
      reloads,
      logLines,
      started: () => started,
      shutdowns: () => shutdowns,
      path: join(dir, 'f.yaml'),
    };
  }

  it('reloads on SIGHUP, refuses a broken file with one log line, and exits 0 on SIGTERM', async () => {
    const t = await setUp(GOOD);
    const run = t.command(['-c', 'f.yaml', '--location', 'ams'], t.io);
    for (let waited = 0; t.started() === undefined && waited < 5_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(t.started()).toMatchObject({ location: 'ams', listen: { host: '127.0.0.1', port: 9470 } });
    expect(t.started()?.config.watch?.intervalMs).toBe(1_000);
    await t.send('SIGHUP', () =>
      t.logLines().some((line) => line.msg === 'frontdoor serve: configuration reloaded'),
    );
    expect(t.reloads).toHaveLength(1);
    await writeFile(t.path, 'sites: [broken\n');
    const isRefusal = (line: { msg: string }) => line.msg.startsWith('frontdoor serve: reload refused');
    await t.send('SIGHUP', () => t.logLines().some(isRefusal));
    expect(t.reloads).toHaveLength(1);
    const refused = t.logLines().filter(isRefusal);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toMatch(/^f\.yaml:\d+:\d+: bad YAML/);
    await t.send('SIGTERM', () => t.shutdowns() > 0);
    expect(await run).toBe(0);
    expect(t.shutdowns()).toBe(1);
    expect(t.logLines().at(-1)?.msg).toBe('frontdoor serve: stopped');
  });

  it('--validate checks the whole file and prints a summary without starting anything', async () => {
    const t = await setUp(GOOD);
    expect(await t.command(['-c', 'f.yaml', '--validate'], t.io)).toBe(0);
    expect(t.io.out()).toBe(
      'frontdoor serve: f.yaml is valid: 1 site, 1 target every 1 s (burst 3, timeout 10 s), 0 API tokens\n',
    );
    expect(t.started()).toBeUndefined();
  });

  it('--validate refuses a watch section check would ignore', async () => {
    const t = await setUp('sites: {}\nwatch: { burst: 0 }\n');
    await expect(t.command(['-c', 'f.yaml', '--validate'], t.io)).rejects.toThrow(
      'f.yaml:2:17: watch.burst: burst must be a whole number from 1 to 100',
    );
  });

  it('--validate refuses a non-loopback --listen without tokens', async () => {
    const t = await setUp(GOOD);
    await expect(t.command(['-c', 'f.yaml', '--validate', '--listen', '0.0.0.0:9470'], t.io)).rejects.toThrow(
      'not a loopback address',
    );
  });
});
