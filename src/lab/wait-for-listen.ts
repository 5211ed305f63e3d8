import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FrontdoorError } from '../errors.js';
import { formatHostPort } from '../probe/format-host-port.js';
import { describeProcessEnd, type LabProcess } from './lab-process.js';

/** Where a server accepts connections: a TCP address and port, or a unix socket path. */
export type ListenEndpoint = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export function formatEndpoint(endpoint: ListenEndpoint): string {
  if (endpoint.kind === 'unix') return `unix:${endpoint.path}`;
  return formatHostPort(endpoint.host, endpoint.port);
}

/** One connection attempt; resolves true when accepted, false on any error. */
export function canConnect(endpoint: ListenEndpoint, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket =
      endpoint.kind === 'unix'
        ? connect({ path: endpoint.path })
        : connect({ host: endpoint.host, port: endpoint.port });
    const finish = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * Polls until every endpoint accepts a connection. Fails fast with the server's own output if it exits,
 * and with FD_ERR_LAB after `timeoutMs` naming the endpoints that never answered.
 */
export async function waitForListen(
  server: LabProcess,
  processName: string,
  endpoints: readonly ListenEndpoint[],
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...endpoints];
  for (;;) {
    if (server.hasExited()) {
      const exit = await server.exited;
      throw new FrontdoorError('FD_ERR_LAB', describeProcessEnd(processName, exit, server.output()));
    }
    const results = await Promise.all(pending.map((endpoint) => canConnect(endpoint)));
    pending = pending.filter((_, index) => results[index] !== true);
    if (pending.length === 0) return;
    if (Date.now() > deadline) {
      const names = pending.map(formatEndpoint).join(', ');
      const output = server.output().trim();
      throw new FrontdoorError(
        'FD_ERR_LAB',
        `${processName} did not accept connections on ${names} within ${timeoutMs} ms${output === '' ? '' : `: ${output}`}`,
      );
    }
    await sleep(50);
  }
}

/**
 * Throws FD_ERR_LAB when an endpoint already accepts connections. Waiting for "accepts" alone would
 * otherwise mistake another process's listener for the server being started (it would fail to bind).
 */
export async function assertEndpointsFree(
  processName: string,
  endpoints: readonly ListenEndpoint[],
): Promise<void> {
  const taken = (
    await Promise.all(endpoints.map(async (e) => ((await canConnect(e, 500)) ? [e] : [])))
  ).flat();
  if (taken.length === 0) return;
  const names = taken.map(formatEndpoint).join(', ');
  throw new FrontdoorError(
    'FD_ERR_LAB',
    `cannot start ${processName}: ${names} already accepts connections (address in use)`,
  );
}
