import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPidAlive } from '../../../src/lab/child-pids.js';
import { createProcessRegistry } from '../../../src/lab/process-registry.js';
import { startStalledListener } from '../../../src/lab/stalled-listener.js';

/** 'connected', 'pending' (still waiting for the SYN-ACK after `waitMs`) or the error code. */
function tryConnect(address: string, port: number, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('pending');
    }, waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code ?? 'error');
    });
  });
}

describe('startStalledListener', () => {
  it('leaves every new connection waiting for the handshake, and goes away on close', async () => {
    const registry = createProcessRegistry(process);
    const listener = await startStalledListener({ registry });
    const [pid] = registry.runningPids();
    expect(pid).toBeDefined();
    expect(await tryConnect(listener.address, listener.port, 400)).toBe('pending');
    expect(await tryConnect(listener.address, listener.port, 400)).toBe('pending');

    await listener.close();
    expect(isPidAlive(pid as number)).toBe(false);
    expect(await tryConnect(listener.address, listener.port, 2000)).toBe('ECONNREFUSED');
  });
});
