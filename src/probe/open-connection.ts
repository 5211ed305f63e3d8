import { connect, type Socket } from 'node:net';
import { classifyConnectError, createFailure, readErrorCode } from './classify-failure.js';
import { formatHostPort } from './format-host-port.js';
import type { ConnectObservation, PhaseFailure, ResolvedAddress } from './observation.js';
import { describeTimeout, type PhaseLimit } from './phase-limit.js';
import { keepSocketErrors } from './socket-errors.js';

export type ConnectOutcome =
  | { socket: Socket; connect: ConnectObservation; failure?: undefined }
  | { socket?: undefined; connect?: undefined; failure: PhaseFailure };

/**
 * Opens a TCP connection to the first address that accepts, trying them in order; one timer covers the
 * whole phase. The returned socket already has an error recorder attached (see socket-errors.ts), so a late
 * error can never crash the process. Never rejects.
 */
export function openConnection(
  addresses: readonly ResolvedAddress[],
  port: number,
  limit: PhaseLimit,
): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let index = 0;
    let socket: Socket | undefined;
    let target: ResolvedAddress | undefined;
    let settled = false;

    const onTimeout = (): void => {
      settled = true;
      socket?.destroy();
      resolve({
        failure: createFailure(
          'connect',
          limit.timeoutCode,
          undefined,
          describeTimeout(limit, 'connect'),
          limit.ms,
        ),
      });
    };
    const timer = setTimeout(onTimeout, limit.ms);

    const onError = (error: Error): void => {
      socket?.destroy();
      if (settled) return;
      index += 1;
      if (index < addresses.length) {
        attempt();
        return;
      }
      settled = true;
      clearTimeout(timer);
      const code = readErrorCode(error);
      const where = target === undefined ? '' : `${formatHostPort(target.address, port)}: `;
      const failure = createFailure(
        'connect',
        classifyConnectError(code),
        code,
        `${where}${error.message}`,
        performance.now() - started,
      );
      resolve({ failure });
    };

    const onConnect = (): void => {
      settled = true;
      clearTimeout(timer);
      const connected = socket as Socket;
      const used = target as ResolvedAddress;
      connected.removeListener('error', onError);
      keepSocketErrors(connected);
      const observation: ConnectObservation = {
        address: used.address,
        port,
        family: used.family,
        durationMs: performance.now() - started,
      };
      if (connected.localAddress !== undefined) observation.localAddress = connected.localAddress;
      if (connected.localPort !== undefined) observation.localPort = connected.localPort;
      resolve({ socket: connected, connect: observation });
    };

    const attempt = (): void => {
      target = addresses[index];
      if (target === undefined) {
        clearTimeout(timer);
        resolve({
          failure: createFailure('connect', 'connect_error', undefined, 'no address to connect to', 0),
        });
        return;
      }
      socket = connect({ host: target.address, port, family: target.family, noDelay: true });
      socket.once('connect', onConnect);
      socket.once('error', onError);
    };
    attempt();
  });
}
