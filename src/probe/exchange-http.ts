import type { Socket } from 'node:net';
import { chooseFraming } from './choose-framing.js';
import { classifyHttpError, createFailure } from './classify-failure.js';
import { collectHeaders } from './collect-headers.js';
import type { HttpParseError } from './http-parse-error.js';
import type { FailureCode, HttpObservation, PhaseFailure } from './observation.js';
import { parseResponseHead, type ResponseHead } from './parse-response-head.js';
import { describeTimeout, limitPhase, type PhaseLimit } from './phase-limit.js';
import { BodyReader } from './read-body.js';
import { readSocketError } from './socket-errors.js';
import { receiveData } from './socket-inbox.js';

export interface HttpExchange {
  method: string;
  /** request target: path and query */
  path: string;
  hostHeader: string;
  /** the request head as buildRequest wrote it (framing `body` when there is one), sent as latin1 */
  head: string;
  maxBodyBytes: number;
  /** request body (UTF-8), sent right after the head */
  body?: string | undefined;
}

export interface HttpLimits {
  responseMs: number;
  bodyMs: number;
  /** performance.now() value at which the whole probe must end */
  deadline: number;
}

export type HttpOutcome = { http?: HttpObservation; failure?: PhaseFailure };

function isInterim(status: number): boolean {
  // 101 would switch protocols, which the probe never asks for: it is taken as the final answer.
  return status >= 100 && status < 200 && status !== 101;
}

/**
 * One HTTP/1.1 request over an already connected (and, for https, handshaken) socket: the request head in one
 * write, the response parsed here (interim 1xx heads skipped). The body is read up to `maxBodyBytes`; reaching
 * the cap ends the exchange without failure, and bytes after a complete response are ignored. When the head
 * arrived but the rest did not, the observation is kept alongside the failure. Never rejects.
 */
export function exchangeHttp(
  socket: Socket,
  exchange: HttpExchange,
  limits: HttpLimits,
): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let writtenAt = started;
    let firstByteAt = -1;
    let limit: PhaseLimit = limitPhase(limits.responseMs, limits.deadline, started, 'http_timeout');
    let pending: Buffer | undefined;
    let head: ResponseHead | undefined;
    let body: BodyReader | undefined;
    let settled = false;

    const observe = (response: ResponseHead, reader: BodyReader, truncated: boolean): HttpObservation => {
      const now = performance.now();
      const firstByte = firstByteAt < 0 ? now : firstByteAt;
      return {
        method: exchange.method,
        path: exchange.path,
        hostHeader: exchange.hostHeader,
        status: response.status,
        statusText: response.statusText,
        httpVersion: response.httpVersion,
        headers: collectHeaders(response.rawHeaders),
        ttfbMs: Math.max(0, firstByte - writtenAt),
        transferMs: now - firstByte,
        body: reader.readText(),
        bodyBytes: reader.bytes,
        bodyTruncated: truncated,
      };
    };

    const finish = (outcome: HttpOutcome): void => {
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };

    const fail = (code: FailureCode, errorCode: string | undefined, detail: string): void => {
      if (settled) return;
      const failure = createFailure('http', code, errorCode, detail, performance.now() - started);
      finish(
        head === undefined || body === undefined
          ? { failure }
          : { http: observe(head, body, false), failure },
      );
    };
    const failParse = (error: HttpParseError): void => {
      fail(classifyHttpError(error.code, undefined), error.code, error.detail);
    };

    const onTimeout = (): void => {
      const phase = head === undefined ? 'response head' : 'response body';
      fail(limit.timeoutCode, undefined, describeTimeout(limit, phase));
    };
    let timer = setTimeout(onTimeout, limit.ms);

    const readBody = (reader: BodyReader, data: Buffer, start: number): void => {
      const status = reader.feed(data, start);
      if (status === 'more') return;
      if (status === 'done') finish({ http: observe(head as ResponseHead, reader, false) });
      else if (status === 'capped') finish({ http: observe(head as ResponseHead, reader, true) });
      else failParse(status);
    };

    const readHead = (received: Buffer): void => {
      let buffer = received;
      for (;;) {
        const parsed = parseResponseHead(buffer);
        if (parsed.state === 'incomplete') {
          pending = buffer;
          return;
        }
        if (parsed.state === 'error') {
          failParse(parsed.error);
          return;
        }
        if (isInterim(parsed.head.status)) {
          buffer = buffer.subarray(parsed.bodyStart);
          continue;
        }
        pending = undefined;
        const framing = chooseFraming(exchange.method, parsed.head);
        if ('code' in framing) {
          failParse(framing);
          return;
        }
        head = parsed.head;
        const reader = new BodyReader(framing, exchange.maxBodyBytes);
        body = reader;
        readBody(reader, buffer, parsed.bodyStart);
        if (settled) return;
        // The body timer only when the body did not come with the head (the common case needs none).
        clearTimeout(timer);
        limit = limitPhase(limits.bodyMs, limits.deadline, performance.now(), 'http_body_timeout');
        timer = setTimeout(onTimeout, limit.ms);
        return;
      }
    };

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      if (firstByteAt < 0) firstByteAt = performance.now();
      if (body !== undefined) readBody(body, chunk, 0);
      else readHead(pending === undefined ? chunk : Buffer.concat([pending, chunk]));
    };

    // 'end' (the peer's FIN) ends a close-delimited body; destroying here spares the TLS close_notify and TCP
    // shutdown Node would otherwise send back. 'close' alone is a reset or a destroyed socket.
    const onClose = (): void => {
      if (settled) return;
      const socketCode = readSocketError(socket);
      if (head !== undefined && body?.isCompleteAtClose() === true) {
        finish({ http: observe(head, body, false) });
        return;
      }
      const detail =
        head === undefined
          ? 'connection closed before a response'
          : 'connection closed before the body was complete';
      fail(classifyHttpError(undefined, socketCode), socketCode, detail);
    };

    receiveData(socket, onData);
    socket.once('end', onClose);
    socket.once('close', onClose);
    if (socket.closed) {
      onClose();
      return;
    }
    // What the server sent before being asked (now handed over) may already have been the whole answer.
    if (settled) return;
    if (exchange.body === undefined) socket.write(exchange.head, 'latin1');
    else
      socket.write(Buffer.concat([Buffer.from(exchange.head, 'latin1'), Buffer.from(exchange.body, 'utf8')]));
    writtenAt = performance.now();
  });
}
