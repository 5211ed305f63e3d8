import { FrontdoorError } from '../errors.js';
import { findHeaderValueProblem, isHeaderName } from './header-syntax.js';

// Methods whose requests carry no body by default; Node's client sends any other method without a body as
// `content-length: 0`, and servers (nginx among them) may answer 411 to a POST that says nothing.
const BODYLESS_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);

function refuse(what: string): FrontdoorError {
  return new FrontdoorError('FD_ERR_INVALID_REQUEST', `cannot send the request: ${what}`);
}

/**
 * The head of one HTTP/1.1 request, ready for a single socket.write (latin1). Header names are sent as
 * given; `headers` must already hold host and connection. With `bodyBytes` the body that follows is framed
 * by a content-length (unless `headers` frame it); without, the request has no body. A method, path, name or
 * value that would corrupt the head, or that latin1 cannot carry byte for byte, is FrontdoorError
 * FD_ERR_INVALID_REQUEST: configuration and flags are checked when read, and this is the last check before
 * anything is sent.
 * @example buildRequest('GET', '/', { host: 'example.test', connection: 'close' })
 */
export function buildRequest(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  bodyBytes?: number,
): string {
  if (!isHeaderName(method)) throw refuse(`${JSON.stringify(method)} is not an HTTP method`);
  // A URL's path is percent-encoded; anything else outside visible ASCII came from a caller's own string.
  if (!/^[\x21-\x7e]+$/.test(path)) throw refuse(`${JSON.stringify(path)} is not a request path`);
  let head = `${method} ${path} HTTP/1.1\r\n`;
  let framed = false;
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string;
    if (!isHeaderName(name)) throw refuse(`${JSON.stringify(name)} is not a header name`);
    const problem = findHeaderValueProblem(value);
    if (problem !== undefined) throw refuse(`header ${name}: ${problem}`);
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding') framed = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!framed && bodyBytes !== undefined) head += `content-length: ${bodyBytes}\r\n`;
  else if (!framed && !BODYLESS_METHODS.has(method)) head += 'content-length: 0\r\n';
  return `${head}\r\n`;
}
