import type { Server, Socket } from 'node:net';

/**
 * Remembers every open connection of `server` and returns a close that destroys them, so closing never
 * waits for a hung request or an idle keep-alive client.
 */
export function trackConnections(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
}
