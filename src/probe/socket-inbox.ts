import type { Socket } from 'node:net';

/** The `onread` option of net.connect and tls.connect, as {@link readIntoInbox} returns it. */
export interface InboxReading {
  buffer: Uint8Array;
  callback: (this: Socket, bytes: number, buffer: Uint8Array) => boolean;
}

type Consumer = (chunk: Buffer) => void;

interface Inbox {
  consumer: Consumer | undefined;
  // Bytes that came before anyone listened: a plain-TCP server may speak first (a banner on port 80).
  early: Buffer[];
}

// One read buffer for every probe socket. With `onread`, Node reads (or, for TLS, decrypts) into it and calls
// back at once, and the callback copies out what it delivers, so no two sockets ever share bytes. This skips
// the stream machinery and the fresh ArrayBuffer behind each 'data' event (about 1% of a probe's instructions).
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

const inboxes = new WeakMap<Socket, Inbox>();

function inboxOf(socket: Socket): Inbox {
  let inbox = inboxes.get(socket);
  if (inbox === undefined) {
    inbox = { consumer: undefined, early: [] };
    inboxes.set(socket, inbox);
  }
  return inbox;
}

function deliver(this: Socket, bytes: number, buffer: Uint8Array): boolean {
  const chunk = Buffer.copyBytesFrom(buffer, 0, bytes);
  const inbox = inboxOf(this);
  if (inbox.consumer === undefined) inbox.early.push(chunk);
  else inbox.consumer(chunk);
  return true;
}

const READING: InboxReading = { buffer: READ_BUFFER, callback: deliver };

/**
 * The `onread` option that sends a new socket's incoming bytes to its inbox instead of 'data' events; read
 * them with {@link receiveData}. 'end' and 'close' are emitted as usual.
 */
export function readIntoInbox(): InboxReading {
  return READING;
}

/**
 * Hands every chunk the socket has received, first those that came before this call, then each new one as it
 * arrives, to `consumer`. The chunks are the consumer's own. One consumer per socket: a second call replaces it.
 */
export function receiveData(socket: Socket, consumer: Consumer): void {
  const inbox = inboxOf(socket);
  inbox.consumer = consumer;
  while (inbox.early.length > 0 && inbox.consumer === consumer && !socket.destroyed) {
    consumer(inbox.early.shift() as Buffer);
  }
}

/**
 * Gives the socket's unread bytes back to its readable side, for a consumer that reads the socket itself
 * rather than through the inbox (node:http2 takes over the socket's handle and reads what is already
 * buffered from `socket.read()`). Bytes that arrive later no longer pass through the inbox.
 */
export function returnToSocket(socket: Socket): void {
  const inbox = inboxes.get(socket);
  if (inbox === undefined) return;
  inboxes.delete(socket);
  for (const chunk of inbox.early.reverse()) socket.unshift(chunk);
}
