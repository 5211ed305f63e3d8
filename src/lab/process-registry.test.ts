import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProcessRegistry, type ProcessHost } from './process-registry.js';

function fakeHost(otherListeners = 0) {
  const listeners = new Map<string, (signal: NodeJS.Signals) => void>();
  const kills: Array<[number, string]> = [];
  const host: ProcessHost = {
    pid: 4242,
    once(event: string, listener: (signal: NodeJS.Signals) => void) {
      listeners.set(event, listener);
      return host;
    },
    listenerCount: () => otherListeners,
    kill(pid, signal) {
      kills.push([pid, signal]);
      return true;
    },
  } as ProcessHost;
  return { host, listeners, kills };
}

const exitOf = (child: ReturnType<typeof spawn>) =>
  new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

describe('createProcessRegistry', () => {
  it('terminates tracked children and removes tracked dirs when the host exits', async () => {
    const { host, listeners } = fakeHost();
    const registry = createProcessRegistry(host);
    const child = spawn('sleep', ['30']);
    const exited = exitOf(child);
    registry.trackProcess(child);
    const dir = mkdtempSync(join(tmpdir(), 'frontdoor-registry-'));
    registry.trackPath(dir);
    expect(registry.runningPids()).toEqual([child.pid]);
    listeners.get('exit')?.('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(dir)).toBe(false);
    expect(registry.runningPids()).toEqual([]);
  });

  it('forgets children that exit on their own and paths that were released', async () => {
    const { host, listeners } = fakeHost();
    const registry = createProcessRegistry(host);
    const child = spawn('true');
    registry.trackProcess(child);
    await exitOf(child);
    expect(registry.runningPids()).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'frontdoor-registry-'));
    registry.trackPath(dir)();
    listeners.get('exit')?.('SIGTERM');
    expect(existsSync(dir)).toBe(true);
    (await import('node:fs')).rmSync(dir, { recursive: true });
  });

  it('re-raises SIGINT after cleaning up when nobody else handles it, so the process still dies', () => {
    const { host, listeners, kills } = fakeHost(0);
    createProcessRegistry(host).trackPath(join(tmpdir(), 'frontdoor-registry-never-created'));
    listeners.get('SIGINT')?.('SIGINT');
    expect(kills).toEqual([[4242, 'SIGINT']]);
  });

  it('leaves SIGTERM to other handlers when the host has them', () => {
    const { host, listeners, kills } = fakeHost(1);
    createProcessRegistry(host).trackPath(join(tmpdir(), 'frontdoor-registry-never-created'));
    listeners.get('SIGTERM')?.('SIGTERM');
    expect(kills).toEqual([]);
  });
});
