import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { classifyHttpError, createFailure, readErrorCode } from './classify-failure.js';
import { collectHeaders } from './collect-headers.js';
import type { FailureCode, HttpObservation, PhaseFailure } from './observation.js';
import { describeTimeout, limitPhase, type PhaseLimit } from './phase-limit.js';
import { readSocketError } from './socket-errors.js';

export interface HttpExchange {
  method: string;
  /** request target: path and query */
  path: string;
  hostHeader: string;
  /** complete request headers, names lower-cased, host included */
  headers: OutgoingHttpHeaders;
  maxBodyBytes: number;
}

export interface HttpLimits {
  responseMs: number;
  bodyMs: number;
  /** performance.now() value at which the whole probe must end */
  deadline: number;
}

export type HttpOutcome = { http?: HttpObservation; failure?: PhaseFailure };

/**
 * One HTTP/1.1 request over an already connected (and, for https, handshaken) socket, parsed by Node's
 * llhttp client. The body is read up to `maxBodyBytes`; reaching the cap ends the exchange without failure.
 * When the head arrived but the rest did not, the observation is kept alongside the failure. Never rejects.
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
    let response: IncomingMessage | undefined;
    const chunks: Buffer[] = [];
    let bodyBytes = 0;
    let settled = false;

    const observe = (res: IncomingMessage, truncated: boolean): HttpObservation => {
      const now = performance.now();
      const firstByte = firstByteAt < 0 ? now : firstByteAt;
      return {
        method: exchange.method,
        path: exchange.path,
        hostHeader: exchange.hostHeader,
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        httpVersion: res.httpVersion,
        headers: collectHeaders(res.rawHeaders),
        ttfbMs: Math.max(0, firstByte - writtenAt),
        transferMs: now - firstByte,
        body:
          chunks.length === 1
            ? (chunks[0] as Buffer).toString('utf8')
            : Buffer.concat(chunks).toString('utf8'),
        bodyBytes,
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
      finish(response === undefined ? { failure } : { http: observe(response, false), failure });
    };

    const onTimeout = (): void => {
      const phase = response === undefined ? 'response head' : 'response body';
      fail(limit.timeoutCode, undefined, describeTimeout(limit, phase));
    };
    let timer = setTimeout(onTimeout, limit.ms);

    const onError = (error: Error): void => {
      // The parser complains about bytes after a complete message (a sloppy backend's trailing junk); the
      // response the probe asked for has arrived whole, so it stands: its buffered body still flows to 'end'.
      if (response?.complete === true) return;
      const code = readErrorCode(error);
      const socketCode = readSocketError(socket);
      fail(classifyHttpError(code, socketCode), socketCode ?? code, error.message);
    };

    const onBody = (chunk: Buffer): void => {
      if (settled) return;
      const room = exchange.maxBodyBytes - bodyBytes;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        bodyBytes += Math.max(0, room);
        finish({ http: observe(response as IncomingMessage, true) });
        return;
      }
      chunks.push(chunk);
      bodyBytes += chunk.length;
    };

    const onEnd = (): void => {
      if (settled || response === undefined) return;
      if (!response.complete) {
        fail(
          classifyHttpError(undefined, readSocketError(socket)),
          readSocketError(socket),
          'connection closed before the body was complete',
        );
        return;
      }
      finish({ http: observe(response, false) });
    };

    const onResponse = (res: IncomingMessage): void => {
      if (settled) return;
      response = res;
      clearTimeout(timer);
      limit = limitPhase(limits.bodyMs, limits.deadline, performance.now(), 'http_body_timeout');
      timer = setTimeout(onTimeout, limit.ms);
      res.on('data', onBody);
      res.on('error', onError);
      // Prepended so the probe destroys the socket before Node's own 'end' listener, which on Connection:
      // close calls destroySoon() and so pays a TLS close_notify and a TCP shutdown the probe has no use for.
      res.prependOnceListener('end', onEnd);
      // 'close' without 'end' is a body cut short; onEnd tells the two apart by res.complete.
      res.once('close', onEnd);
    };

    const onFirstByte = (): void => {
      firstByteAt = performance.now();
    };

    // No `agent` on purpose: `agent: false` makes Node build a throwaway Agent that ignores createConnection;
    // with createConnection and no agent the request runs on exactly this socket.
    const req: ClientRequest = request({
      createConnection: () => socket,
      method: exchange.method,
      path: exchange.path,
      headers: exchange.headers,
      setHost: false,
    });
    req.on('error', onError);
    req.once('socket', () => {
      // Prepended so the first byte is timed before the parser (registered earlier) emits 'response'.
      socket.prependOnceListener('data', onFirstByte);
    });
    req.once('finish', () => {
      writtenAt = performance.now();
    });
    req.once('response', onResponse);
    req.once('close', () => {
      if (!settled && response === undefined)
        fail('http_closed_early', readSocketError(socket), 'connection closed before a response');
    });
    req.end();
  });
}
