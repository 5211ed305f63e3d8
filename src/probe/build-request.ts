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

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Field values may hold visible characters, spaces and tabs; CR, LF and NUL would split or end the head.
const UNSAFE_VALUE = /[\r\n\0]/;

function invalidChar(what: string): Error {
  // Same code as Node's own client, which threw this for the same input before this builder existed.
  return Object.assign(new TypeError(`invalid character in ${what}`), { code: 'ERR_INVALID_CHAR' });
}

/**
 * The head of one HTTP/1.1 request, ready for a single socket.write (latin1). Header names are sent as
 * given; `headers` must already hold host and connection. With `bodyBytes` the body that follows is framed
 * by a content-length (unless `headers` frame it); without, the request has no body. Throws ERR_INVALID_CHAR
 * for a method, name or value that would corrupt the head (as Node's http client did).
 * @example buildRequest('GET', '/', { host: 'example.test', connection: 'close' })
 */
export function buildRequest(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  bodyBytes?: number,
): string {
  if (!TOKEN.test(method)) throw invalidChar('method');
  if (path === '' || /[\s\0]/.test(path)) throw invalidChar('request path');
  let head = `${method} ${path} HTTP/1.1\r\n`;
  let framed = false;
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string;
    if (!TOKEN.test(name)) throw invalidChar(`header name ${JSON.stringify(name)}`);
    if (UNSAFE_VALUE.test(value)) throw invalidChar(`header ${name}`);
    const lower = name.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding') framed = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!framed && bodyBytes !== undefined) head += `content-length: ${bodyBytes}\r\n`;
  else if (!framed && !BODYLESS_METHODS.has(method)) head += 'content-length: 0\r\n';
  return `${head}\r\n`;
}
