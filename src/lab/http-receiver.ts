import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatHostPort } from '../probe/format-host-port.js';
import { allocateLoopbackAddress } from './loopback.js';

export interface ReceivedRequest {
  method: string;
  /** path and query */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** ms since the epoch */
  at: number;
}

export interface ReceiverAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface HttpReceiver {
  /** http://ADDRESS:PORT (no trailing slash) */
  origin: string;
  requests: ReceivedRequest[];
  /** the next `count` requests get this answer instead of the handler's (an outage, a rate limit) */
  failNext(count: number, answer: ReceiverAnswer): void;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * A small HTTP server on a fresh loopback address that records every request and answers through
 * `handle`: the base of the lab's Slack, PagerDuty and webhook receivers. Bodies over 1 MiB get 413.
 */
export async function startHttpReceiver(
  handle: (request: ReceivedRequest) => ReceiverAnswer,
  address: string = allocateLoopbackAddress(),
  /** a fixed port: a receiver brought back after an outage listens where it did (0: any free port) */
  port = 0,
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripted: ReceiverAnswer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      const answer: ReceiverAnswer =
        size > MAX_BODY ? { status: 413, body: 'request too large' } : (scripted.shift() ?? handle(received));
      if (size <= MAX_BODY) requests.push(received);
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port }, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    origin: `http://${formatHostPort(address, bound)}`,
    requests,
    failNext(count, answer) {
      for (let i = 0; i < count; i += 1) scripted.push(answer);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON answer. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): ReceiverAnswer {
  return { status, body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } };
}
