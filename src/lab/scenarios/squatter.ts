import { startLabProcess } from '../lab-process.js';
import { waitForListen } from '../wait-for-listen.js';
import type { Endpoint, Topology } from './topology.js';

// A separate program, as the VPN daemon of incident 000 was: it accepts and drops whatever connects.
const SQUATTER_SCRIPT = `
const [host, port] = process.argv.slice(-2);
require('node:net').createServer((socket) => socket.destroy()).listen({ host, port: Number(port) });
`;

/**
 * Starts another process holding `endpoint`, the way incident 000's VPN daemon held the port nginx wanted.
 * Returns its pid; the topology stops it.
 */
export async function startSquatter(topology: Topology, endpoint: Endpoint): Promise<number> {
  const squatter = await startLabProcess(process.execPath, [
    '-e',
    SQUATTER_SCRIPT,
    '--',
    endpoint.host,
    String(endpoint.port),
  ]);
  topology.onStop(async () => {
    await squatter.stop(['SIGTERM', 'SIGKILL'], 2000);
  });
  await waitForListen(squatter, 'squatter', [{ kind: 'tcp', ...endpoint }], 5000);
  return squatter.pid;
}
