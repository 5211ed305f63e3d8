import { type PostFailureCode, postBody } from '../http/post-body.js';

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

/**
 * The real PostJson: JSON with the bearer token over the shared bounded POST (src/http/post-body.ts).
 * Never rejects: a failure is data. Its detail names the error code, never the URL or the token.
 */
export const postJson: PostJson = async (url, body, options) => {
  const outcome = await postBody(url, body, {
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
    timeoutMs: options.timeoutMs,
    maxResponseBytes: MAX_ANSWER_BYTES,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  // The agent and verify say "refused (ECONNREFUSED)": the code alone when the request itself failed.
  if (!outcome.ok) return { ok: false, code: outcome.code, detail: outcome.requestError ?? outcome.detail };
  const retryAfter = outcome.headers['retry-after'];
  return {
    ok: true,
    status: outcome.status,
    ...(retryAfter === undefined ? {} : { retryAfter }),
    body: outcome.body,
  };
};
