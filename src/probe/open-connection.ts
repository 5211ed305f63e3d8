import { connect, type Socket } from 'node:net';
import { classifyConnectError, createFailure, readErrorCode } from './classify-failure.js';
import { formatHostPort } from './format-host-port.js';
import { interleaveFamilies } from './interleave-families.js';
import { createLocalResourceError, isLocalResourceCode } from './local-resource.js';
import type { ConnectObservation, DeadAddress, PhaseFailure, ResolvedAddress } from './observation.js';
import { describeTimeout, type PhaseLimit } from './phase-limit.js';
import { keepSocketErrors } from './socket-errors.js';
import { readIntoInbox } from './socket-inbox.js';

/** Starts one connection attempt; the socket's 'connect' event means TCP is established. */
export type DialSocket<S extends Socket> = (target: ResolvedAddress, port: number) => S;

export type ConnectOutcome<S extends Socket> =
  | {
      socket: S;
      connect: ConnectObservation;
      connectedAt: number;
      failure?: undefined;
      /** addresses tried before or beside the one that connected that did not get through */
      dead?: DeadAddress[];
    }
  | {
      socket?: undefined;
      connect?: undefined;
      connectedAt?: undefined;
      failure: PhaseFailure;
      /** every address tried, in the order they were given up */
      dead: DeadAddress[];
    };

/**
 * How long an attempt gets before the next address is tried beside it: RFC 8305's recommended Connection
 * Attempt Delay, and Node's own autoSelectFamilyAttemptTimeout.
 */
export const DEFAULT_ATTEMPT_DELAY_MS = 250;

/**
 * Plain TCP with Nagle off, so the request is never held back behind an unacknowledged segment; incoming bytes
 * go to the socket's inbox (see socket-inbox.ts).
 */
export const dialTcp: DialSocket<Socket> = (target, port) =>
  connect({ host: target.address, port, family: target.family, noDelay: true, onread: readIntoInbox() });

interface Attempt<S extends Socket> {
  socket: S;
  target: ResolvedAddress;
  startedAt: number;
  onError: (error: Error) => void;
  onConnect: () => void;
}

/**
 * Opens a TCP connection the way a browser does (Happy Eyeballs, RFC 8305): addresses are tried with the
 * families interleaved, the next one starting when the previous attempt failed or has gone `attemptDelayMs`
 * without an answer, the earlier attempts still running; the first to connect wins and the others are closed.
 * One timer covers the whole phase. Addresses that did not get through are returned as `dead`, also when
 * another one connected: an attempt given up after at least `attemptDelayMs` without an answer counts, one
 * that had just started does not. `connectedAt` is the performance.now() of the winner's 'connect' event, where
 * a following TLS phase starts. The returned socket already has an error recorder attached (see
 * socket-errors.ts), so a late error can never crash the process. Rejects only with FrontdoorError
 * FD_ERR_LOCAL_RESOURCE, when this machine cannot open a socket at all (EMFILE and the like): that is no
 * observation of the target.
 */
export function openConnection<S extends Socket>(
  addresses: readonly ResolvedAddress[],
  port: number,
  limit: PhaseLimit,
  dial: DialSocket<S>,
  attemptDelayMs: number = DEFAULT_ATTEMPT_DELAY_MS,
): Promise<ConnectOutcome<S>> {
  return new Promise((resolve, reject) => {
    const ordered = interleaveFamilies(addresses);
    // Set once the first socket exists: building a TLS socket is the runtime's work, not the network's, and
    // Node only issues connect() on the next tick, so the phase starts there rather than before the build.
    let started = -1;
    let next = 0;
    let settled = false;
    let lastError: { error: Error; code: string | undefined; target: ResolvedAddress } | undefined;
    const running: Attempt<S>[] = [];
    let dead: DeadAddress[] | undefined;
    let delayTimer: NodeJS.Timeout | undefined;

    const markDead = (
      attempt: Attempt<S>,
      code: DeadAddress['code'],
      errorCode: string | undefined,
      now: number,
    ) => {
      const entry: DeadAddress = {
        address: attempt.target.address,
        port,
        family: attempt.target.family,
        code,
        durationMs: now - attempt.startedAt,
      };
      if (errorCode !== undefined) entry.errorCode = errorCode;
      if (dead === undefined) dead = [entry];
      else dead.push(entry);
    };

    const stop = (attempt: Attempt<S>): void => {
      attempt.socket.removeListener('error', attempt.onError);
      attempt.socket.removeListener('connect', attempt.onConnect);
      // A stopped attempt's socket may still report an error while it closes.
      keepSocketErrors(attempt.socket);
      attempt.socket.destroy();
    };

    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      if (delayTimer !== undefined) clearTimeout(delayTimer);
    };

    const onTimeout = (): void => {
      finish();
      const now = performance.now();
      for (const attempt of running) {
        markDead(attempt, limit.timeoutCode, undefined, now);
        stop(attempt);
      }
      const failure = createFailure(
        'connect',
        limit.timeoutCode,
        undefined,
        describeTimeout(limit, 'connect'),
        limit.ms,
      );
      resolve({ failure, dead: dead ?? [] });
    };
    const timer = setTimeout(onTimeout, limit.ms);

    const failAll = (): void => {
      finish();
      const last = lastError;
      const where = last === undefined ? '' : `${formatHostPort(last.target.address, port)}: `;
      const failure =
        last === undefined
          ? createFailure('connect', 'connect_error', undefined, 'no address to connect to', 0)
          : createFailure(
              'connect',
              classifyConnectError(last.code),
              last.code,
              `${where}${last.error.message}`,
              performance.now() - started,
            );
      resolve({ failure, dead: dead ?? [] });
    };

    const onAttemptError = (attempt: Attempt<S>, error: Error): void => {
      attempt.socket.destroy();
      if (settled) return;
      running.splice(running.indexOf(attempt), 1);
      const code = readErrorCode(error);
      if (isLocalResourceCode(code)) {
        // No other address would fare better: the shortage is this machine's, not the target's.
        finish();
        for (const other of running) stop(other);
        const where = `cannot open a connection to ${formatHostPort(attempt.target.address, port)}`;
        reject(createLocalResourceError(code, where, error));
        return;
      }
      lastError = { error, code, target: attempt.target };
      markDead(attempt, classifyConnectError(code), code, performance.now());
      // A failed attempt hands over at once, without waiting out the attempt delay.
      if (next < ordered.length) startNext();
      else if (running.length === 0) failAll();
    };

    const onAttemptConnect = (attempt: Attempt<S>): void => {
      const connectedAt = performance.now();
      finish();
      const connected = attempt.socket;
      connected.removeListener('error', attempt.onError);
      keepSocketErrors(connected);
      for (const other of running) {
        if (other === attempt) continue;
        if (connectedAt - other.startedAt >= attemptDelayMs)
          markDead(other, 'connect_timeout', undefined, connectedAt);
        stop(other);
      }
      const observation: ConnectObservation = {
        address: attempt.target.address,
        port,
        family: attempt.target.family,
        durationMs: connectedAt - started,
      };
      if (connected.localAddress !== undefined) observation.localAddress = connected.localAddress;
      if (connected.localPort !== undefined) observation.localPort = connected.localPort;
      resolve(
        dead === undefined
          ? { socket: connected, connect: observation, connectedAt }
          : { socket: connected, connect: observation, connectedAt, dead },
      );
    };

    const startNext = (): void => {
      if (delayTimer !== undefined) {
        clearTimeout(delayTimer);
        delayTimer = undefined;
      }
      const target = ordered[next] as ResolvedAddress;
      next += 1;
      const socket = dial(target, port);
      const now = performance.now();
      if (started < 0) started = now;
      const attempt: Attempt<S> = {
        socket,
        target,
        startedAt: now,
        onError: (error) => onAttemptError(attempt, error),
        onConnect: () => onAttemptConnect(attempt),
      };
      running.push(attempt);
      // Prepended: a TLS socket starts its handshake from its own 'connect' listener, and the ClientHello it
      // builds there belongs to the TLS phase, not to the connect time.
      socket.prependOnceListener('connect', attempt.onConnect);
      socket.once('error', attempt.onError);
      if (next < ordered.length) delayTimer = setTimeout(startNext, attemptDelayMs);
    };

    if (ordered.length === 0) failAll();
    else startNext();
  });
}
