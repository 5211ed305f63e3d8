import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:net';
import { listenExclusive } from './listen-exclusive.js';
import { allocateLoopbackAddress, findFreePort } from './loopback.js';
import { trackConnections } from './track-connections.js';

/**
 * How a process that is not the expected web server treats connections on a port it took (incident 000:
 * a VPN daemon holding :443 after nginx's restart).
 * - silent: accepts and never says anything
 * - close: accepts and hangs up at once
 * - garbage: writes bytes that are not HTTP (or TLS), then hangs up
 * - tls: completes TLS with its own certificate and answers HTTP as a foreign service
 */
export type SquatterBehaviour =
  | { kind: 'silent' }
  | { kind: 'close' }
  | { kind: 'garbage' }
  | { kind: 'tls'; certPath: string; keyPath: string };

export interface PortSquatterOptions {
  address?: string;
  port?: number;
  behaviour: SquatterBehaviour;
}

export interface PortSquatter {
  address: string;
  port: number;
  close(): Promise<void>;
}

/** What the foreign service says over TLS: plainly not the site, and not nginx. */
export const SQUATTER_BODY = 'frontdoor-lab squatter: this port belongs to another service\n';
const GARBAGE = 'SSH-2.0-OpenSSH_9.2 frontdoor-lab-squatter\r\n';

async function createSquatterServer(behaviour: SquatterBehaviour): Promise<Server> {
  switch (behaviour.kind) {
    case 'silent':
      return createServer((socket) => socket.resume());
    case 'close':
      return createServer((socket) => socket.destroy());
    case 'garbage':
      return createServer((socket) => socket.end(GARBAGE));
    case 'tls':
      return createHttpsServer(
        { cert: await readFile(behaviour.certPath), key: await readFile(behaviour.keyPath) },
        (_req, res) => {
          res.writeHead(404, { 'content-type': 'text/plain', server: 'frontdoor-lab-squatter' });
          res.end(SQUATTER_BODY);
        },
      );
  }
}

/**
 * Holds a TCP port the way an unexpected process would, so tests can reproduce a taken :443, a listener
 * that speaks the wrong protocol, or one that never answers.
 */
export async function startPortSquatter(options: PortSquatterOptions): Promise<PortSquatter> {
  const address = options.address ?? allocateLoopbackAddress();
  const port = options.port ?? (await findFreePort(address));
  const server = await createSquatterServer(options.behaviour);
  const close = trackConnections(server);
  await listenExclusive(server, address, port, 'squatter');
  return {
    address,
    port,
    close,
  };
}
