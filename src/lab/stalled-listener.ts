import { connect, type Socket } from 'node:net';
import { FrontdoorError } from '../errors.js';
import { describeProcessEnd, type LabProcess, startLabProcess } from './lab-process.js';
import { allocateLoopbackAddress } from './loopback.js';
import { labRegistry, type ProcessRegistry } from './process-registry.js';

/** A port where every new TCP handshake hangs: the SYN is never answered. */
export interface StalledListener {
  address: string;
  port: number;
  close(): Promise<void>;
}

// Listens with a backlog of one (Linux then queues two connections; Node reads a backlog of 0 as "default"),
// writes the port synchronously and blocks its thread for good without burning CPU, so it never accepts.
// SIGTERM's default action still ends it.
const SCRIPT = `
const server = require('node:net').createServer();
server.listen({ host: process.argv[1], port: 0, backlog: 1, exclusive: true }, () => {
  require('node:fs').writeSync(1, server.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`;
// Connections it takes to fill that queue.
const QUEUE_LENGTH = 2;

const READY_TIMEOUT_MS = 10_000;

function readPort(child: LabProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no port within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const onData = (): void => {
      const line = /^(\d+)\n/.exec(child.output());
      if (line !== null) finish(Number(line[1]));
    };
    function finish(outcome: number | Error): void {
      clearTimeout(timer);
      child.child.stdout?.off('data', onData);
      if (typeof outcome === 'number') resolve(outcome);
      else reject(outcome);
    }
    child.child.stdout?.on('data', onData);
    // Settling twice is harmless: an exit after the port was read changes nothing here.
    void child.exited.then((exit) =>
      finish(new Error(describeProcessEnd('the stalled listener', exit, child.output()))),
    );
    onData();
  });
}

function connectFiller(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the connection that fills the accept queue did not complete'));
    }, READY_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * A listener that answers no further TCP handshake, the way an origin behind a firewall that drops packets
 * does (Cloudflare's 522, a probe's connect timeout), reproduced on loopback without iptables: a child process
 * listens and never accepts, and two held connections fill its accept queue, after which the kernel drops every
 * SYN. Throws FrontdoorError FD_ERR_LAB when it cannot be set up.
 */
export async function startStalledListener(
  options: { address?: string; registry?: ProcessRegistry } = {},
): Promise<StalledListener> {
  const address = options.address ?? allocateLoopbackAddress();
  const registry = options.registry ?? labRegistry;
  const child = await startLabProcess(process.execPath, ['-e', SCRIPT, address], registry);
  const fillers: Socket[] = [];
  const release = (): void => {
    for (const filler of fillers) filler.destroy();
  };
  try {
    const port = await readPort(child);
    for (let i = 0; i < QUEUE_LENGTH; i += 1) fillers.push(await connectFiller(address, port));
    return {
      address,
      port,
      close: async () => {
        release();
        await child.stop(['SIGKILL']);
      },
    };
  } catch (error) {
    release();
    await child.stop(['SIGKILL']);
    const reason = error instanceof Error ? error.message : String(error);
    throw new FrontdoorError('FD_ERR_LAB', `cannot start a stalled listener on ${address}: ${reason}`, {
      cause: error,
    });
  }
}
