import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { DeliveryFailureCode } from './delivery-outcome.js';

export interface PostOptions {
  headers: Record<string, string>;
  /** the whole exchange, connect to last byte */
  timeoutMs: number;
  /** the answer is read up to this many bytes; more is a failure, not a memory problem */
  maxResponseBytes?: number;
}

export interface PostResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request that did not complete, classified by its error code. Its message never holds the URL. */
export class PostFailure extends Error {
  override readonly name = 'PostFailure';
  constructor(
    readonly code: DeliveryFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_MAX_RESPONSE = 64 * 1024;

/** Socket and TLS error codes -> failure codes; everything else is 'network'. */
export function classifyRequestError(code: string | undefined): DeliveryFailureCode {
  if (code === undefined) return 'network';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR') return 'timeout';
  if (
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT') ||
    code === 'EPROTO'
  ) {
    return 'tls';
  }
  return 'network';
}

/**
 * POSTs a body and reads the answer, bounded in time and size. Rejects with PostFailure (code from the
 * error's `code`, message without the URL, which may carry a token); resolves with any status.
 */
export function postRequest(url: string, body: string, options: PostOptions): Promise<PostResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (code: DeliveryFailureCode, message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new PostFailure(code, message, { cause }));
    };
    const timer = setTimeout(
      () => fail('timeout', `no complete answer within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
        // A fresh connection each time: deliveries are rare and a pooled socket the receiver closed is a
        // needless failure.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            fail('too_large', `answer larger than ${limit} bytes (status ${res.statusCode})`);
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error: NodeJS.ErrnoException) => {
          fail(classifyRequestError(error.code), `answer broke off: ${error.code ?? 'error'}`, error);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      fail(classifyRequestError(error.code), `request failed: ${error.code ?? 'error'}`, error);
    });
    req.end(body);
  });
}
