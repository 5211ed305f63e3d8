/**
 * Response headers keyed by lower-cased name from Node's rawHeaders ([name, value, name, value, ...]).
 * Unlike IncomingMessage.headers, no duplicate is dropped: repeats are joined with ", ", and set-cookie
 * (which cannot be joined) is an array, so a doubled Location or Content-Length stays visible as evidence.
 */
export function collectHeaders(rawHeaders: readonly string[]): Record<string, string | string[]> {
  // No prototype: a header named __proto__ must stay a header.
  const headers = Object.create(null) as Record<string, string | string[]>;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const existing = headers[name];
    if (name === 'set-cookie') {
      if (Array.isArray(existing)) existing.push(value);
      else headers[name] = [value];
    } else {
      headers[name] = existing === undefined ? value : `${existing as string}, ${value}`;
    }
  }
  return headers;
}
