import { FrontdoorError } from '../errors.js';

export interface TextResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * One bounded GET for the lab's HTTP APIs (Prometheus, blackbox_exporter): the status and the body as text.
 * Rejects with FD_ERR_LAB when nothing answers within `timeoutMs`.
 * @example const { status, body } = await fetchText('http://127.0.0.9:9090/-/ready');
 */
export async function fetchText(
  url: string,
  options: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<TextResponse> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  try {
    const response = await fetch(url, {
      headers: options.headers ?? {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.text(),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FrontdoorError('FD_ERR_LAB', `GET ${url}: ${reason}`, { cause: error });
  }
}
