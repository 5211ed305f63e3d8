import type {
  ClientHttp2Session,
  ClientHttp2Stream,
  IncomingHttpHeaders,
  OutgoingHttpHeaders,
  Settings,
} from 'node:http2';
import type { TLSSocket } from 'node:tls';
import { FrontdoorError } from '../errors.js';
import { createFailure, readErrorCode } from './classify-failure.js';
import { classifyH2Ending, type H2Ending } from './classify-h2-failure.js';
import { collectHeaders } from './collect-headers.js';
import type { HttpLimits, HttpOutcome } from './exchange-http.js';
import type { FailureCode, HttpObservation } from './observation.js';
import { MAX_HEAD_BYTES } from './parse-response-head.js';
import { describeTimeout, limitPhase, type PhaseLimit } from './phase-limit.js';
import { BodyReader } from './read-body.js';
import { readSocketError } from './socket-errors.js';
import { returnToSocket } from './socket-inbox.js';

export interface Http2Exchange {
  url: URL;
  method: string;
  /** request target: path and query */
  path: string;
  /** sent as :authority */
  hostHeader: string;
  /** lower-cased request headers, Host included (it becomes :authority and is not sent again) */
  headers: Readonly<Record<string, string>>;
  maxBodyBytes: number;
  body?: string | undefined;
}

// Connection-specific headers mean nothing in HTTP/2 (RFC 9113 8.2.2) and Node refuses to send them, so they
// are left out as a browser leaves them out; Host travels as :authority.
const NOT_SENT = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

// The response head is held to the limit HTTP/1.1 answers are held to (checked below); the session's own
// limits sit above it, so a reset for size can only be the server's.
// (HTTP/2 counts 32 bytes more per field than the name and value, so a head within MAX_HEAD_BYTES stays
// under 20 times it, and has at most one field per two bytes of it).
const SESSION_OPTIONS = {
  settings: { enablePush: false, maxHeaderListSize: 20 * MAX_HEAD_BYTES },
  maxHeaderListPairs: MAX_HEAD_BYTES,
};

const UNTIL_END = { kind: 'close', length: 0 } as const;

let http2: typeof import('node:http2') | undefined;

/** node:http2 on first use: most runs never negotiate HTTP/2, and loading it costs every CLI start. */
function loadHttp2(): typeof import('node:http2') {
  http2 ??= process.getBuiltinModule('node:http2');
  return http2;
}

function buildHeaders(exchange: Http2Exchange): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ':method': exchange.method,
    ':scheme': 'https',
    ':authority': exchange.hostHeader,
    ':path': exchange.path,
  };
  for (const [name, value] of Object.entries(exchange.headers)) {
    if (NOT_SENT.has(name) || (name === 'te' && value.toLowerCase() !== 'trailers')) continue;
    headers[name] = value;
  }
  if (exchange.body !== undefined) headers['content-length'] = Buffer.byteLength(exchange.body, 'utf8');
  return headers;
}

/** rawHeaders without the pseudo-headers, and their size as an HTTP/1.1 head would count it. */
function readRawHeaders(headers: IncomingHttpHeaders, raw: readonly string[] | undefined): string[] {
  const pairs: string[] = [];
  if (raw !== undefined) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as string;
      if (name.charCodeAt(0) !== 58) pairs.push(name, raw[i + 1] as string);
    }
    return pairs;
  }
  // Node before rawHeaders reached the 'response' event: the joined headers are what there is.
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const each of Array.isArray(value) ? value : [value]) pairs.push(name, String(each));
  }
  return pairs;
}

function measureHead(pairs: readonly string[]): number {
  let bytes = 0;
  for (const text of pairs) bytes += text.length + 2;
  return bytes;
}

/**
 * One request on one HTTP/2 stream over a TLS socket that negotiated h2 (node:http2 on the probe's own
 * socket, so the connection and handshake stay the probe's to time). First byte is the stream's first
 * HEADERS frame; the body is read up to `maxBodyBytes` (reaching the cap ends the exchange without failure),
 * under the same response and body timers as HTTP/1.1. A stream that ends early is classified from its
 * HTTP/2 codes (see classifyH2Ending); a server that never sends its SETTINGS is h2_settings_timeout. The
 * session and the socket are destroyed whatever happens. Rejects only with FD_ERR_INVALID_REQUEST, for a
 * request HTTP/2 cannot carry (nothing is sent then).
 */
export function exchangeHttp2(
  socket: TLSSocket,
  exchange: Http2Exchange,
  limits: HttpLimits,
): Promise<HttpOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let writtenAt = started;
    let firstByteAt = -1;
    let limit: PhaseLimit = limitPhase(limits.responseMs, limits.deadline, started, 'http_timeout');
    let status = -1;
    let rawHeaders: string[] = [];
    let reader: BodyReader | undefined;
    let settingsSeen = false;
    let settled = false;
    const ending: H2Ending = {};
    if (socket.destroyed) {
      const socketCode = readSocketError(socket);
      resolve({
        failure: createFailure(
          'http',
          classifyH2Ending({ ...(socketCode === undefined ? {} : { socketErrorCode: socketCode }) }).code,
          socketCode,
          'connection closed before the HTTP/2 session started',
          0,
        ),
      });
      return;
    }

    returnToSocket(socket);
    const session: ClientHttp2Session = loadHttp2().connect(exchange.url, {
      ...SESSION_OPTIONS,
      createConnection: () => socket,
    });
    let stream: ClientHttp2Stream | undefined;

    const observe = (truncated: boolean): HttpObservation => {
      const now = performance.now();
      const firstByte = firstByteAt < 0 ? now : firstByteAt;
      const body = reader as BodyReader;
      return {
        method: exchange.method,
        path: exchange.path,
        hostHeader: exchange.hostHeader,
        status,
        statusText: '',
        httpVersion: '2.0',
        headers: collectHeaders(rawHeaders),
        ttfbMs: Math.max(0, firstByte - writtenAt),
        transferMs: now - firstByte,
        body: body.readText(),
        bodyBytes: body.bytes,
        bodyTruncated: truncated,
      };
    };

    const finish = (outcome: HttpOutcome): void => {
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      resolve(outcome);
    };

    const fail = (code: FailureCode, errorCode: string | undefined, detail: string): void => {
      if (settled) return;
      const failure = createFailure('http', code, errorCode, detail, performance.now() - started);
      finish(reader === undefined ? { failure } : { http: observe(false), failure });
    };

    const onTimeout = (): void => {
      if (!settingsSeen) {
        fail('h2_settings_timeout', undefined, describeTimeout(limit, 'the server SETTINGS frame'));
        return;
      }
      fail(
        limit.timeoutCode,
        undefined,
        describeTimeout(limit, reader === undefined ? 'response head' : 'response body'),
      );
    };
    let timer = setTimeout(onTimeout, limit.ms);

    const onClosed = (): void => {
      if (settled) return;
      ending.rstCode = stream?.rstCode ?? 0;
      if (stream?.id !== undefined) ending.streamId = stream.id;
      const socketCode = readSocketError(socket);
      if (socketCode !== undefined) ending.socketErrorCode = socketCode;
      const cause = classifyH2Ending(ending);
      fail(cause.code, cause.errorCode, cause.detail);
    };
    const recordError = (error: Error): void => {
      const code = readErrorCode(error);
      if (code !== undefined) ending.errorCode ??= code;
    };

    session.on('error', recordError);
    session.on('goaway', (code: number, lastStreamId: number) => {
      ending.goaway ??= { code, lastStreamId };
    });
    session.once('remoteSettings', (settings: Settings) => {
      settingsSeen = true;
      if (settings.maxConcurrentStreams === 0 && reader === undefined) {
        fail(
          'h2_refused_stream',
          'SETTINGS_MAX_CONCURRENT_STREAMS',
          'the server allows no streams (SETTINGS_MAX_CONCURRENT_STREAMS 0): it takes no request over HTTP/2',
        );
      }
    });
    session.once('close', onClosed);

    let opened: ClientHttp2Stream;
    try {
      opened = session.request(buildHeaders(exchange), { endStream: exchange.body === undefined });
    } catch (error) {
      settled = true;
      clearTimeout(timer);
      session.destroy();
      socket.destroy();
      const detail = error instanceof Error ? error.message : String(error);
      reject(
        new FrontdoorError('FD_ERR_INVALID_REQUEST', `the request cannot be sent over HTTP/2: ${detail}`, {
          cause: error,
        }),
      );
      return;
    }
    stream = opened;
    stream.on('error', recordError);
    stream.on('headers', () => {
      if (firstByteAt < 0) firstByteAt = performance.now();
    });
    stream.once('response', (headers: IncomingHttpHeaders, _flags: number, raw?: string[]) => {
      if (settled) return;
      if (firstByteAt < 0) firstByteAt = performance.now();
      status = Number(headers[':status']);
      rawHeaders = readRawHeaders(headers, raw);
      if (measureHead(rawHeaders) > MAX_HEAD_BYTES) {
        fail('http_headers_too_large', undefined, `response headers larger than ${MAX_HEAD_BYTES} bytes`);
        return;
      }
      reader = new BodyReader(UNTIL_END, exchange.maxBodyBytes);
      clearTimeout(timer);
      limit = limitPhase(limits.bodyMs, limits.deadline, performance.now(), 'http_body_timeout');
      timer = setTimeout(onTimeout, limit.ms);
    });
    stream.on('data', (chunk: Buffer) => {
      if (settled || reader === undefined) return;
      if (reader.feed(chunk, 0) === 'capped') finish({ http: observe(true) });
    });
    stream.once('end', () => {
      if (settled) return;
      if (reader === undefined) onClosed();
      else finish({ http: observe(false) });
    });
    stream.once('close', onClosed);
    if (exchange.body !== undefined) stream.end(exchange.body, 'utf8');
    writtenAt = performance.now();
  });
}
