import { FrontdoorError } from '../errors.js';

/**
 * The watch's base URL from a flag (`--server`, `--report-to`) and the API path under it:
 * `https://watch.example.com` or `https://example.com/frontdoor/` with `api/v1/events` gives
 * `.../frontdoor/api/v1/events`. Credentials in the URL are refused: they would be logged with it, and
 * the token has its own flags.
 */
export function readServerUrl(command: string, flag: string, text: string, apiPath: string): URL {
  const usage = (why: string) => new FrontdoorError('FD_ERR_USAGE', `frontdoor ${command}: ${flag}: ${why}`);
  let base: URL;
  try {
    base = new URL(text);
  } catch (error) {
    throw new FrontdoorError('FD_ERR_USAGE', `frontdoor ${command}: ${flag}: '${text}' is not a URL`, {
      cause: error,
    });
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw usage(`expected an http:// or https:// URL of the watch, got ${base.protocol}`);
  }
  if (base.username !== '' || base.password !== '') {
    throw usage('the URL must not hold credentials; give the token with --token-file or FRONTDOOR_TOKEN');
  }
  if (base.search !== '' || base.hash !== '') throw usage('expected the watch’s base URL, without ? or #');
  const folder = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return new URL(`${folder}${apiPath}`, base);
}
