import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Why a POST did not complete, from the error's code, never from its message text. The notify channels
 * (src/notify/channel.ts) and the agent's sender (src/agent/post-json.ts) both classify with this.
 */
export type PostFailureCode = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'network' | 'too_large';

export interface PostBodyOptions {
  headers: Record<string, string>;
  /** the whole exchange, connect to the answer's last byte */
  timeoutMs: number;
  /** the answer is read up to this many bytes; more is a failure, not a memory problem (default 64 KiB) */
  maxResponseBytes?: number;
  /** aborting ends the request at once (an agent stopping); the outcome is a `timeout` "stopped" */
  signal?: AbortSignal;
}

export type PostBodyOutcome =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: string }
  /** `detail` names the error code, never the URL (it may carry a token) */
  | {
      ok: false;
      code: PostFailureCode;
      detail: string;
      cause?: unknown;
      /** the error's code when the request itself failed (connect, TLS, send), before any answer */
      requestError?: string;
    };

const DEFAULT_MAX_RESPONSE = 64 * 1024;

/** Socket and TLS error codes -> failure codes; everything else is 'network'. */
export function classifyPostError(code: string | undefined): PostFailureCode {
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
 * POSTs a body over node:http(s) and reads the answer, bounded in time and size, on a fresh connection
 * (posts are rare; a pooled socket the receiver closed meanwhile would be a needless failure). Never
 * rejects: a failure is data, classified from the error's code. Any status is an `ok` outcome: what a
 * status means is the caller's to judge.
 */
export function postBody(
  url: URL | string,
  body: string,
  options: PostBodyOptions,
): Promise<PostBodyOutcome> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: PostBodyOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!outcome.ok) req.destroy();
      resolve(outcome);
    };
    const fail = (code: PostFailureCode, detail: string, cause?: unknown, requestError?: string) =>
      finish({
        ok: false,
        code,
        detail,
        ...(cause === undefined ? {} : { cause }),
        ...(requestError === undefined ? {} : { requestError }),
      });
    const timer = setTimeout(
      () => fail('timeout', `no complete answer within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    const onAbort = () => fail('timeout', 'stopped');
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(body)) },
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
        res.on('error', (error: NodeJS.ErrnoException) =>
          fail(classifyPostError(error.code), `answer broke off: ${error.code ?? 'error'}`, error),
        );
        res.on('end', () =>
          finish({
            ok: true,
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      fail(classifyPostError(error.code), `request failed: ${error.code ?? 'error'}`, error, error.code),
    );
    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
}
