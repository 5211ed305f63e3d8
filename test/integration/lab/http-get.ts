import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface GetOptions {
  address: string;
  port: number;
  path?: string;
  /** Host header; also the TLS servername when https */
  host?: string;
  /** PEM of the CA to trust; given means https */
  ca?: string | Buffer;
  timeoutMs?: number;
}

export interface GetResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One GET on a fresh connection (no agent), for tests that check what a lab server really answers. */
export function get(options: GetOptions): Promise<GetResult> {
  const host = options.host ?? options.address;
  const common = {
    host: options.address,
    port: options.port,
    path: options.path ?? '/',
    headers: { host },
    agent: false as const,
    timeout: options.timeoutMs ?? 10_000,
  };
  return new Promise((resolve, reject) => {
    const req =
      options.ca === undefined
        ? httpRequest(common)
        : httpsRequest({ ...common, ca: options.ca, servername: host === options.address ? '' : host });
    req.once('timeout', () => req.destroy(new Error('test request timed out')));
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.end();
  });
}
