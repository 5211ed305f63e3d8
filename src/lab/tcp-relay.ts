import { connect, createServer, type Server, type Socket } from 'node:net';
import { listenExclusive } from './listen-exclusive.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';

/**
 * A TCP relay on loopback in front of one server (a lab PostgreSQL), which a test can cut and mend: one
 * client cut off from a server the others still reach, as a network fault between one probe location and
 * the database would, without iptables.
 */
export interface TcpRelay {
  address: string;
  port: number;
  /** drops every relayed connection and refuses new ones until mend() */
  cut(): Promise<void>;
  /** listens again on the same address and port */
  mend(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpRelay(target: { host: string; port: number }): Promise<TcpRelay> {
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const sockets = new Set<Socket>();
  let server: Server | undefined;

  const keep = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // A cut destroys both ends; their errors are the point, not a failure of the relay.
    socket.on('error', () => socket.destroy());
  };
  const listen = async () => {
    const relay = createServer((client) => {
      const upstream = connect({ host: target.host, port: target.port });
      keep(client);
      keep(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await listenExclusive(relay, address, port, 'the TCP relay');
    server = relay;
  };
  const cut = () =>
    new Promise<void>((resolve) => {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (closing === undefined) resolve();
      else closing.close(() => resolve());
    });

  await listen();
  return {
    address,
    port,
    cut,
    async mend() {
      if (server === undefined) await listen();
    },
    close: cut,
  };
}
