import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { readIntoInbox, receiveData } from '../../../src/probe/socket-inbox.js';
import { type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((done) => setTimeout(done, 5));
  }
}

describe('socket inbox (onread instead of data events)', () => {
  const servers: ServedServer[] = [];
  const clients: Socket[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** A server that greets each connection, then answers every write with `reply`. */
  async function dialGreeter(greeting: string, reply: string): Promise<Socket> {
    const server = createServer((socket) => {
      socket.write(greeting);
      socket.on('data', () => socket.write(reply));
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const client = connect({ host: served.address, port: served.port, onread: readIntoInbox() });
    clients.push(client);
    return client;
  }

  it('keeps what arrived before anyone listened and hands it over first, then the rest as it comes', async () => {
    const client = await dialGreeter('hello\n', 'again\n');
    await waitFor(() => client.bytesRead >= 6);

    const chunks: Buffer[] = [];
    receiveData(client, (chunk) => chunks.push(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('hello\n');

    client.write('?');
    await waitFor(() => Buffer.concat(chunks).length >= 12);
    expect(Buffer.concat(chunks).toString()).toBe('hello\nagain\n');
  });

  it('delivers chunks that stay intact while later reads reuse the shared read buffer', async () => {
    const first = await dialGreeter('AAAA', 'BBBB');
    const second = await dialGreeter('CCCC', 'DDDD');
    const seen: Buffer[] = [];
    receiveData(first, (chunk) => seen.push(chunk));
    receiveData(second, (chunk) => seen.push(chunk));
    await waitFor(() => Buffer.concat(seen).length >= 8);
    first.write('?');
    second.write('?');
    await waitFor(() => Buffer.concat(seen).length >= 16);

    const text = seen.map((chunk) => chunk.toString());
    expect([...text].sort()).toEqual(['AAAA', 'BBBB', 'CCCC', 'DDDD']);
  });

  it("still ends the socket with 'end' when the peer closes", async () => {
    const server = createServer((socket) => socket.end('bye'));
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    const client = connect({ host: served.address, port: served.port, onread: readIntoInbox() });
    clients.push(client);
    const received: string[] = [];
    receiveData(client, (chunk) => received.push(chunk.toString()));
    await new Promise((done) => client.once('end', done));
    expect(received.join('')).toBe('bye');
  });
});
