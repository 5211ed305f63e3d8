import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ServeProcess } from './serve-process.js';

export interface ServeSandbox {
  /** the describe's own temporary directory (set once its beforeAll has run) */
  dir(): string;
  /** serve processes a test started: each is killed with SIGKILL after the test */
  running: ServeProcess[];
  /** what else a test started (receivers, origins): each is closed after the test, after the serves */
  closers: Array<() => Promise<void>>;
}

/**
 * The lifecycle every serve test shares, registered on the calling describe: a temporary directory for
 * its configurations and stores, every serve killed and every receiver closed after each test, the
 * directory removed at the end.
 */
export function useServeSandbox(prefix: string): ServeSandbox {
  let dir = '';
  const running: ServeProcess[] = [];
  const closers: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const serve of running.splice(0)) await serve.stop('SIGKILL');
    for (const close of closers.splice(0)) await close();
  });
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });
  return { dir: () => dir, running, closers };
}
