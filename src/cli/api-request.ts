import { classifyRequestError } from '../notify/post-request.js';

/** The daemon answers a CLI request at once; a whole exchange longer than this is a daemon in trouble. */
const REQUEST_TIMEOUT_MS = 10_000;
/** A maintenance listing is a few kilobytes; far more is not frontdoor answering. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export type ApiAnswer =
  | { kind: 'answered'; status: number; body: unknown }
  /** no (complete) answer: `why` is a failure code and one line, never the token */
  | { kind: 'unreachable'; why: string };

export interface ApiRequest {
  method: 'GET' | 'POST' | 'DELETE';
  /** the daemon's base URL (http://127.0.0.1:9470) */
  server: string;
  /** path and query under it */
  path: string;
  token?: string;
  body?: unknown;
  timeoutMs?: number;
}

/**
 * One request to `frontdoor serve`'s API for a CLI command: bounded in time and size, a JSON answer parsed
 * (or kept as text when it is not JSON), a failure classified from the error's code.
 */
export async function requestApi(request: ApiRequest): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  const signal = AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS);
  try {
    response = await fetch(new URL(request.path, request.server), {
      method: request.method,
      headers,
      signal,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (error) {
    return { kind: 'unreachable', why: describeFetchError(error) };
  }
  try {
    const text = await readBounded(response);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: a proxy's error page, kept as text for the message
    }
    return { kind: 'answered', status: response.status, body };
  } catch (error) {
    return { kind: 'unreachable', why: describeFetchError(error) };
  }
}

async function readBounded(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw Object.assign(new Error('too large'), { code: 'FD_TOO_LARGE' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** fetch wraps the socket's error in `cause`; its `code` says what happened ("refused"). */
function describeFetchError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'FD_TOO_LARGE') return `answer larger than ${MAX_ANSWER_BYTES} bytes`;
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout: no complete answer in time';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  return `${classifyRequestError(causeCode)}${causeCode === undefined ? '' : ` (${causeCode})`}`;
}
