import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Why a request did not complete, from the error's code; never from its message. */
export type PostFailureCode = 'timeout' | 'refused' | 'reset' | 'dns' | 'tls' | 'network' | 'too_large';

export type PostOutcome =
  | { ok: true; status: number; retryAfter?: string; body: string }
  | { ok: false; code: PostFailureCode; detail: string };

export interface PostJsonOptions {
  /** sent as `Authorization: Bearer TOKEN` */
  token: string;
  /** the whole exchange, connect to the answer's last byte */
  timeoutMs: number;
  /** aborting ends the request at once (the agent stopping) */
  signal?: AbortSignal;
}

/** POSTs JSON and reads the answer; injected so the sender is tested without a network. */
export type PostJson = (url: URL, body: string, options: PostJsonOptions) => Promise<PostOutcome>;

/** Answers are read up to this size: the server says little, and a huge answer is its fault, not ours. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Socket and TLS error codes -> failure codes. */
export function classifyPostError(code: string | undefined): PostFailureCode {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'ABORT_ERR') return 'timeout';
  if (
    code !== undefined &&
    (code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || code.includes('CERT'))
  )
    return 'tls';
  return 'network';
}

/**
 * The real PostJson over node:http(s), bounded in time and answer size, one fresh connection a request
 * (events are rare; a pooled socket the server closed meanwhile would be a needless failure). Never
 * rejects: a failure is data. Its detail names the error code, never the URL or the token.
 */
export const postJson: PostJson = (url, body, options) =>
  new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!outcome.ok) req.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        finish({ ok: false, code: 'timeout', detail: `no complete answer within ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    const onAbort = () => finish({ ok: false, code: 'timeout', detail: 'stopped' });
    const req = send(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          authorization: `Bearer ${options.token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) {
            finish({ ok: false, code: 'too_large', detail: `answer over ${MAX_ANSWER_BYTES} bytes` });
          } else {
            chunks.push(chunk);
          }
        });
        res.on('error', (error: NodeJS.ErrnoException) =>
          finish({
            ok: false,
            code: classifyPostError(error.code),
            detail: `answer broke off: ${error.code}`,
          }),
        );
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          finish({
            ok: true,
            status: res.statusCode ?? 0,
            ...(retryAfter === undefined ? {} : { retryAfter }),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, code: classifyPostError(error.code), detail: error.code ?? 'request failed' }),
    );
    if (options.signal?.aborted === true) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    req.end(body);
  });
