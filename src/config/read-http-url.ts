import { isFrontdoorError } from '../errors.js';
import { parseTargetUrl } from '../probe/parse-target-url.js';
import type { ParseOutcome } from './parse-outcome.js';

/**
 * Reads a site URL without throwing, by the same rules as the command line (parseTargetUrl), so the
 * config layer can report the problem at its YAML position. Also refuses credentials in the URL, which
 * would end up in every report.
 */
export function readHttpUrl(text: string): ParseOutcome<URL> {
  let url: URL;
  try {
    url = parseTargetUrl(text.trim());
  } catch (error) {
    if (isFrontdoorError(error)) return { ok: false, problem: error.message };
    throw error;
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: `'${text}' carries credentials; send them as a request header instead` };
  }
  // The fragment never reaches the server; dropping it keeps target names and JSON output honest.
  url.hash = '';
  return { ok: true, value: url };
}
