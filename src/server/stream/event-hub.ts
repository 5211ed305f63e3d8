import { randomBytes } from 'node:crypto';

/**
 * Where a stream client's bytes go: a `ServerResponse` in production (stream-route.ts), an array in tests.
 * `write` returns false when the socket's buffer is full; `onDrain` is then called once it empties.
 */
export interface StreamSink {
  write(chunk: string): boolean;
  onDrain(listener: () => void): void;
  end(): void;
}

export interface EventHubOptions {
  /** names this hub's ids (`STREAM.SEQ`), so an id from before a restart is recognised as foreign */
  streamId?: string;
  /** the replay buffer: events kept for clients that reconnect with Last-Event-ID (default 4 MiB) */
  maxBufferedBytes?: number;
  /** clients at once; one more is refused (default 1000) */
  maxClients?: number;
  /** clients written per turn of the event loop (default 256) */
  sliceSize?: number;
  /** how a slice is put off to the next turn; setImmediate unless a test steps it */
  defer?: (work: () => void) => void;
}

export interface EventHubStats {
  clients: number;
  bufferedEvents: number;
  bufferedBytes: number;
  /** clients that fell off the replay buffer and were told to reset */
  resets: number;
}

export interface EventHub {
  /** `STREAM.SEQ` of the newest event: a page rendered now resumes from here */
  position(): string;
  publish(event: string, data: unknown): void;
  /**
   * Adds a client, replaying what it missed after `lastEventId` (or telling it to reset when that is
   * unknown, from before a restart, or older than the buffer). Undefined when the hub is full.
   */
  attach(sink: StreamSink, lastEventId?: string): (() => void) | undefined;
  /** an SSE comment to every client: keeps proxies from timing the stream out and finds dead sockets */
  heartbeat(): void;
  /** ends every client's stream (shutdown) */
  close(): void;
  stats(): EventHubStats;
}

interface Buffered {
  seq: number;
  text: string;
}

interface Client {
  sink: StreamSink;
  /** the first event this client has not been sent */
  next: number;
  /** its socket buffer is full: nothing more until it drains */
  blocked: boolean;
}

/**
 * Server-sent events for many clients without holding the event loop. Every event is serialised once
 * into a bounded replay buffer that is also the only queue: each client keeps a position in it, gets
 * what lies beyond in one write, and while its socket is full gets nothing more until it drains. Writes
 * go out in slices of `sliceSize` clients per turn of the event loop. A client that falls behind the
 * buffer (a stalled socket, a long disconnect) is sent `reset` and resumes from the newest event: it
 * reloads the state instead of the hub holding unbounded memory for it.
 */
export function createEventHub(options: EventHubOptions = {}): EventHub {
  const streamId = options.streamId ?? randomBytes(6).toString('base64url');
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const maxClients = options.maxClients ?? 1000;
  const sliceSize = options.sliceSize ?? 256;
  const defer = options.defer ?? ((work: () => void) => void setImmediate(work));
  const buffer: Buffered[] = [];
  let bufferedBytes = 0;
  /** the seq the next published event gets */
  let head = 1;
  let resets = 0;
  const clients = new Set<Client>();
  let flushing = false;
  let closed = false;

  const idOf = (seq: number) => `${streamId}.${seq}`;
  const oldest = () => buffer[0]?.seq ?? head;

  const sendReset = (client: Client, reason: string) => {
    resets += 1;
    client.next = head;
    write(client, `id: ${idOf(head - 1)}\nevent: reset\ndata: ${JSON.stringify({ reason })}\n\n`);
  };

  const write = (client: Client, text: string) => {
    if (!client.sink.write(text)) client.blocked = true;
  };

  /** Sends `client` everything from its position to the head, in one write. */
  const catchUp = (client: Client) => {
    if (client.blocked || client.next >= head) return;
    if (client.next < oldest()) {
      sendReset(client, 'fell behind the replay buffer');
      return;
    }
    const start = client.next - oldest();
    let text = '';
    for (let index = start; index < buffer.length; index += 1) text += (buffer[index] as Buffered).text;
    client.next = head;
    write(client, text);
  };

  const flush = () => {
    if (flushing || closed) return;
    flushing = true;
    const pending = [...clients];
    let index = 0;
    const slice = () => {
      const end = Math.min(index + sliceSize, pending.length);
      for (; index < end; index += 1) {
        const client = pending[index] as Client;
        if (clients.has(client)) catchUp(client);
      }
      if (index < pending.length) {
        defer(slice);
        return;
      }
      flushing = false;
      // Events published while this pass ran: another pass picks them up.
      if ([...clients].some((client) => !client.blocked && client.next < head)) defer(flush);
    };
    slice();
  };

  return {
    position: () => idOf(head - 1),
    publish(event, data) {
      if (closed) return;
      const seq = head;
      head += 1;
      const text = `id: ${idOf(seq)}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      buffer.push({ seq, text });
      bufferedBytes += text.length;
      while (bufferedBytes > maxBufferedBytes && buffer.length > 1) {
        bufferedBytes -= (buffer.shift() as Buffered).text.length;
      }
      flush();
    },
    attach(sink, lastEventId) {
      if (closed || clients.size >= maxClients) return undefined;
      const client: Client = { sink, next: head, blocked: false };
      clients.add(client);
      sink.onDrain(() => {
        client.blocked = false;
        if (clients.has(client)) catchUp(client);
      });
      // Reconnect after 2 s; the browser's EventSource sends Last-Event-ID with the retry.
      write(client, 'retry: 2000\n\n');
      if (lastEventId !== undefined && lastEventId !== '') {
        const resumeAt = readSeq(lastEventId, streamId);
        if (resumeAt === undefined || resumeAt >= head) {
          sendReset(client, 'the stream restarted since that event');
        } else if (resumeAt + 1 < oldest()) {
          sendReset(client, 'that event is older than the replay buffer');
        } else {
          client.next = resumeAt + 1;
          catchUp(client);
        }
      }
      return () => {
        clients.delete(client);
      };
    },
    heartbeat() {
      for (const client of clients) if (!client.blocked) write(client, ': keep-alive\n\n');
    },
    close() {
      closed = true;
      for (const client of clients) client.sink.end();
      clients.clear();
    },
    stats: () => ({ clients: clients.size, bufferedEvents: buffer.length, bufferedBytes, resets }),
  };
}

/** The seq of `STREAM.SEQ` when STREAM is this hub's, else undefined. */
function readSeq(id: string, streamId: string): number | undefined {
  const dot = id.lastIndexOf('.');
  if (dot < 0 || id.slice(0, dot) !== streamId) return undefined;
  const text = id.slice(dot + 1);
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
