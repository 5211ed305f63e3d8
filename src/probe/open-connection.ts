import { connect, type Socket } from 'node:net';
import { classifyConnectError, createFailure, readErrorCode } from './classify-failure.js';
import { formatHostPort } from './format-host-port.js';
import { createLocalResourceError, isLocalResourceCode } from './local-resource.js';
import type { ConnectObservation, PhaseFailure, ResolvedAddress } from './observation.js';
import { describeTimeout, type PhaseLimit } from './phase-limit.js';
import { keepSocketErrors } from './socket-errors.js';
import { readIntoInbox } from './socket-inbox.js';

/** Starts one connection attempt; the socket's 'connect' event means TCP is established. */
export type DialSocket<S extends Socket> = (target: ResolvedAddress, port: number) => S;

export type ConnectOutcome<S extends Socket> =
  | { socket: S; connect: ConnectObservation; connectedAt: number; failure?: undefined }
  | { socket?: undefined; connect?: undefined; connectedAt?: undefined; failure: PhaseFailure };

/**
 * Plain TCP with Nagle off, so the request is never held back behind an unacknowledged segment; incoming bytes
 * go to the socket's inbox (see socket-inbox.ts).
 */
export const dialTcp: DialSocket<Socket> = (target, port) =>
  connect({ host: target.address, port, family: target.family, noDelay: true, onread: readIntoInbox() });

/**
 * Opens a TCP connection to the first address that accepts, trying them in order with `dial`; one timer
 * covers the whole phase. `connectedAt` is the performance.now() of the 'connect' event, where a following
 * TLS phase starts. The returned socket already has an error recorder attached (see socket-errors.ts), so a
 * late error can never crash the process. Rejects only with FrontdoorError FD_ERR_LOCAL_RESOURCE, when this
 * machine cannot open a socket at all (EMFILE and the like): that is no observation of the target.
 */
export function openConnection<S extends Socket>(
  addresses: readonly ResolvedAddress[],
  port: number,
  limit: PhaseLimit,
  dial: DialSocket<S>,
): Promise<ConnectOutcome<S>> {
  return new Promise((resolve, reject) => {
    // Set once the first socket exists: building a TLS socket is the runtime's work, not the network's, and
    // Node only issues connect() on the next tick, so the phase starts there rather than before the build.
    let started = -1;
    let index = 0;
    let socket: S | undefined;
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
      const code = readErrorCode(error);
      if (isLocalResourceCode(code)) {
        // No other address would fare better: the shortage is this machine's, not the target's.
        settled = true;
        clearTimeout(timer);
        const where =
          target === undefined
            ? 'cannot open a connection'
            : `cannot open a connection to ${formatHostPort(target.address, port)}`;
        reject(createLocalResourceError(code, where, error));
        return;
      }
      index += 1;
      if (index < addresses.length) {
        attempt();
        return;
      }
      settled = true;
      clearTimeout(timer);
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
      const connectedAt = performance.now();
      settled = true;
      clearTimeout(timer);
      const connected = socket as S;
      const used = target as ResolvedAddress;
      connected.removeListener('error', onError);
      keepSocketErrors(connected);
      const observation: ConnectObservation = {
        address: used.address,
        port,
        family: used.family,
        durationMs: connectedAt - started,
      };
      if (connected.localAddress !== undefined) observation.localAddress = connected.localAddress;
      if (connected.localPort !== undefined) observation.localPort = connected.localPort;
      resolve({ socket: connected, connect: observation, connectedAt });
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
      socket = dial(target, port);
      if (started < 0) started = performance.now();
      // Prepended: a TLS socket starts its handshake from its own 'connect' listener, and the ClientHello it
      // builds there belongs to the TLS phase, not to the connect time.
      socket.prependOnceListener('connect', onConnect);
      socket.once('error', onError);
    };
    attempt();
  });
}
