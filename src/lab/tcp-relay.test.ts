import { connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from './loopback.js';
import { startTcpRelay, type TcpRelay } from './tcp-relay.js';
import { trackConnections } from './track-connections.js';

/** Connects, writes `text` and resolves with the first answer, or with the error that ended the socket. */
function exchange(port: number, host: string, text: string): Promise<{ socket: Socket; answer: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(text));
    socket.once('data', (data) => resolve({ socket, answer: data.toString() }));
  });
}

describe('TCP relay', () => {
  const echo = createServer((socket) => socket.pipe(socket));
  const closeEcho = trackConnections(echo);
  let relay: TcpRelay;

  beforeAll(async () => {
    const host = allocateLoopbackAddress();
    await new Promise<void>((resolve) => echo.listen({ host, port: 0 }, resolve));
    const { port } = echo.address() as { port: number };
    relay = await startTcpRelay({ host, port });
  });
  afterAll(async () => {
    await relay.close();
    await closeEcho();
  });

  it('relays, drops its connections and refuses new ones when cut, and relays again when mended', async () => {
    const first = await exchange(relay.port, relay.address, 'ping');
    expect(first.answer).toBe('ping');
    const closed = new Promise((resolve) => first.socket.once('close', resolve));
    await relay.cut();
    await closed;
    await expect(exchange(relay.port, relay.address, 'ping')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await relay.mend();
    const again = await exchange(relay.port, relay.address, 'pong');
    expect(again.answer).toBe('pong');
    again.socket.destroy();
  });
});
