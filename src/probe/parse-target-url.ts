import { FrontdoorError } from '../errors.js';

/**
 * Parses a URL to probe; only http and https with a hostname are accepted.
 * Throws FrontdoorError FD_ERR_INVALID_URL with one line naming `where` (a flag, a config path).
 * @example parseTargetUrl('https://shop.example.com/health', 'sites.shop.url')
 */
export function parseTargetUrl(input: string, where?: string): URL {
  const prefix = where === undefined ? '' : `${where}: `;
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    throw new FrontdoorError('FD_ERR_INVALID_URL', `${prefix}not a valid URL: ${JSON.stringify(input)}`, {
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FrontdoorError(
      'FD_ERR_INVALID_URL',
      `${prefix}unsupported scheme ${JSON.stringify(url.protocol.slice(0, -1))} in ${JSON.stringify(input)}: use http or https`,
    );
  }
  if (url.hostname === '') {
    throw new FrontdoorError('FD_ERR_INVALID_URL', `${prefix}no hostname in ${JSON.stringify(input)}`);
  }
  // The URL parser accepts port 0, which no server listens on (to the kernel it means "any free port").
  if (url.port === '0') {
    throw new FrontdoorError(
      'FD_ERR_INVALID_URL',
      `${prefix}port 0 in ${JSON.stringify(input)} is not a port a server listens on (1-65535)`,
    );
  }
  return url;
}
