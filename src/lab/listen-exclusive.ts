import type { Server } from 'node:net';
import { FrontdoorError } from '../errors.js';

/**
 * Listens on exactly `address:port` (exclusive: no sharing with cluster workers) and turns a bind failure
 * into FD_ERR_LAB naming `who` could not listen.
 */
export function listenExclusive(server: Server, address: string, port: number, who: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new FrontdoorError('FD_ERR_LAB', `${who} cannot listen on ${address}:${port}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
    server.listen({ host: address, port, exclusive: true }, resolve);
  });
}
