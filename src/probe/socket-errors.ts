import type { Socket } from 'node:net';

// The last error code each socket reported: a connection that ends early was either closed or reset, and
// only the socket's own error says whether the peer really reset it.
const lastErrors = new WeakMap<Socket, string>();

function recordError(this: Socket, error: Error): void {
  const code = (error as NodeJS.ErrnoException).code;
  lastErrors.set(this, typeof code === 'string' ? code : 'ERROR');
}

/** Keeps an 'error' listener on the socket for its whole life and remembers the last error code. */
export function keepSocketErrors(socket: Socket): void {
  socket.on('error', recordError);
}

/** The last error code the socket reported, if any. */
export function readSocketError(socket: Socket): string | undefined {
  return lastErrors.get(socket);
}
