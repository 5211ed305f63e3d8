import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listenExclusive } from './listen-exclusive.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { trackConnections } from './track-connections.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('trackConnections', () => {
  it('closes a server while a client still holds an idle connection open', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const server = createServer((socket) => socket.resume());
    const close = trackConnections(server);
    await listenExclusive(server, address, port, 'test server');
    const client = connect({ host: address, port });
    const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    await close();
    await clientClosed;
    expect(server.listening).toBe(false);
  });
});

describe('listenExclusive', () => {
  it('rejects with FD_ERR_LAB naming who could not bind a taken port', async () => {
    const address = allocateLoopbackAddress();
    const port = await findFreePort(address);
    const holder = createServer();
    servers.push(holder);
    await listenExclusive(holder, address, port, 'holder');
    const second = createServer();
    await expect(listenExclusive(second, address, port, 'edge emulator')).rejects.toMatchObject({
      code: 'FD_ERR_LAB',
      message: expect.stringMatching(new RegExp(`^edge emulator cannot listen on ${address}:${port}: `)),
    });
  });
});
