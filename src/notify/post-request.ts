import type { IncomingHttpHeaders } from 'node:http';
import { classifyPostError, postBody } from '../http/post-body.js';
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

/** Socket and TLS error codes -> failure codes; everything else is 'network' (src/http/post-body.ts). */
export const classifyRequestError: (code: string | undefined) => DeliveryFailureCode = classifyPostError;

/**
 * POSTs a body and reads the answer, bounded in time and size (src/http/post-body.ts). Rejects with
 * PostFailure (code from the error's `code`, message without the URL, which may carry a token); resolves
 * with any status.
 */
export async function postRequest(url: string, body: string, options: PostOptions): Promise<PostResponse> {
  const outcome = await postBody(url, body, options);
  if (!outcome.ok) throw new PostFailure(outcome.code, outcome.detail, { cause: outcome.cause });
  return { status: outcome.status, headers: outcome.headers, body: outcome.body };
}
