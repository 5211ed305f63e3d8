import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { FrontdoorError } from '../errors.js';
import { classifyPostError } from '../http/post-body.js';

/** What the watch answered: any status; the command decides what a 404 means. */
export interface WatchAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface GetFromWatchOptions {
  /** the command named in error messages */
  command: string;
  /** sent as `Authorization: Bearer TOKEN` when given */
  token?: string;
  /** the whole exchange, connect to the last byte */
  timeoutMs: number;
  /** answers past this are refused rather than read on */
  maxBytes: number;
}

/**
 * GETs one API resource of the watch, bounded in time and size, on a fresh connection. A connection that
 * fails, an answer that breaks off or grows past `maxBytes`, or no complete answer in time is one
 * FD_ERR_WATCH_API line naming the URL's origin and the error code (never the token, never the message text).
 */
export function getFromWatch(url: URL, options: GetFromWatchOptions): Promise<WatchAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const fail = (why: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(
        new FrontdoorError('FD_ERR_WATCH_API', `frontdoor ${options.command}: ${url.origin}: ${why}`, {
          cause,
        }),
      );
    };
    const timer = setTimeout(
      () => fail(`no complete answer within ${options.timeoutMs / 1000} s`),
      options.timeoutMs,
    );
    const req = send(
      url,
      {
        method: 'GET',
        agent: false,
        headers: {
          accept: 'application/json, text/markdown',
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) fail(`the answer is larger than ${options.maxBytes} bytes`);
          else chunks.push(chunk);
        });
        res.on('error', (error: NodeJS.ErrnoException) =>
          fail(`the answer broke off (${classifyPostError(error.code)}: ${error.code ?? 'unknown'})`, error),
        );
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      fail(`cannot reach the watch (${classifyPostError(error.code)}: ${error.code ?? 'unknown'})`, error),
    );
    req.end();
  });
}
