import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { FrontdoorError } from '../errors.js';

/** Source of randomness `random(max)` -> integer in [0, max); injectable so allocation is testable. */
export type RandomInt = (max: number) => number;

/** Hands out distinct 127.x.y.z addresses; every address is on `lo` on Linux without configuration. */
export interface LoopbackAllocator {
  allocate(): string;
}

// Host part z stays within 1..254 so no address looks like a network or broadcast address to a reader;
// x is never 0, so 127.0.0.1 (which real services on the machine use) is never handed out.
const HOSTS_PER_SUBNET = 254;
const SLOTS_PER_X = 256 * HOSTS_PER_SUBNET;

/**
 * Creates an allocator whose second octet is derived from `pid` and randomness, so parallel test workers
 * (separate processes) start far apart, while one process never repeats an address.
 */
export function createLoopbackAllocator(pid: number, random: RandomInt = randomInt): LoopbackAllocator {
  let x = ((pid + random(254)) % 254) + 1;
  let slot = random(SLOTS_PER_X);
  let used = 0;
  return {
    allocate(): string {
      if (used === SLOTS_PER_X) {
        x = (x % 254) + 1;
        used = 0;
      }
      const current = slot;
      slot = (slot + 1) % SLOTS_PER_X;
      used += 1;
      const y = Math.floor(current / HOSTS_PER_SUBNET);
      const z = (current % HOSTS_PER_SUBNET) + 1;
      return `127.${x}.${y}.${z}`;
    },
  };
}

const processAllocator = createLoopbackAllocator(process.pid);

/**
 * A fresh 127.x.y.z address, unique within this process and unlikely to clash across processes.
 * @example const address = allocateLoopbackAddress(); // "127.83.17.203"
 */
export function allocateLoopbackAddress(): string {
  return processAllocator.allocate();
}

/**
 * A TCP port that was free on `address` a moment ago (the kernel picks it; we release it at once).
 * Each test uses its own address, so the short window between release and reuse is harmless.
 */
export function findFreePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error) => {
      reject(
        new FrontdoorError('FD_ERR_LAB', `cannot find a free port on ${address}: ${error.message}`, {
          cause: error,
        }),
      );
    });
    server.listen({ host: address, port: 0, exclusive: true }, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound !== null ? bound.port : 0;
      server.close(() => resolve(port));
    });
  });
}
