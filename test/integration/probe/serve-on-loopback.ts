import type { Server, Socket } from 'node:net';
import type { HostResolver } from '../../../src/probe/host-resolver.js';
import type { PhaseTimeouts, ProbeOptions } from '../../../src/probe/probe-options.js';
import { createTlsSettings } from '../../../src/probe/tls-settings.js';

/** A started test server: where it listens, the client ports it saw, and a close that drops every connection. */
export interface ServedServer {
  address: string;
  port: number;
  /** remote port of every TCP connection accepted, in order */
  remotePorts: number[];
  close(): Promise<void>;
}

/**
 * Listens on `address` (port 0: the kernel picks a free one) and tracks raw TCP connections so close()
 * never waits for a hung client and nothing is left behind.
 */
export function serveOnLoopback(server: Server, address: string): Promise<ServedServer> {
  const sockets = new Set<Socket>();
  const remotePorts: number[] = [];
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    if (socket.remotePort !== undefined) remotePorts.push(socket.remotePort);
    socket.on('close', () => sockets.delete(socket));
    // A probe that gives up resets or drops the connection; that is expected, not a test error.
    socket.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port: 0, exclusive: true }, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
      resolve({
        address,
        port,
        remotePorts,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Timeouts short enough that hang tests finish quickly, long enough for a loaded two-core machine. */
export const SHORT_TIMEOUTS: PhaseTimeouts = {
  dnsMs: 2_000,
  connectMs: 2_000,
  tlsMs: 1_500,
  responseMs: 1_500,
  bodyMs: 1_500,
  totalMs: 10_000,
};

/** A resolver that must not be reached: tests name their addresses with `resolve`, pins or literals. */
export const refuseLookups: HostResolver = (hostname) =>
  Promise.reject(Object.assign(new Error(`unexpected lookup of ${hostname}`), { code: 'ENOTFOUND' }));

/** Probe options trusting `caFiles` (the lab CA) with short timeouts and no real DNS. */
export async function createProbeOptions(
  overrides: {
    caFiles?: string[];
    insecure?: boolean;
    follow?: number;
    timeouts?: PhaseTimeouts;
    maxBodyBytes?: number;
  } = {},
): Promise<ProbeOptions> {
  const tls = await createTlsSettings({
    ...(overrides.caFiles === undefined ? {} : { caFiles: overrides.caFiles }),
    ...(overrides.insecure === undefined ? {} : { insecure: overrides.insecure }),
  });
  return {
    timeouts: overrides.timeouts ?? SHORT_TIMEOUTS,
    maxBodyBytes: overrides.maxBodyBytes ?? 1_048_576,
    follow: overrides.follow ?? 0,
    tls,
    resolver: refuseLookups,
  };
}
