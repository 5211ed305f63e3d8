import type { ParseOutcome } from './parse-outcome.js';

/**
 * Reads an absolute http(s) URL without throwing. Stands in for src/probe/parse-target-url.ts so the
 * config layer reports URL problems at their YAML position instead of as a thrown usage error.
 */
export function readHttpUrl(text: string): ParseOutcome<URL> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: `'${text}' is not a URL (expected e.g. https://shop.example.com/health)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `'${text}' must be an http:// or https:// URL, not ${url.protocol}//` };
  }
  if (url.hostname === '') return { ok: false, problem: `'${text}' has no hostname` };
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: `'${text}' carries credentials; send them as a request header instead` };
  }
  // The fragment never reaches the server; dropping it keeps target names and JSON output honest.
  url.hash = '';
  return { ok: true, value: url };
}
