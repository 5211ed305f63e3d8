import type { ApiToken } from '../../config/api-config.js';
import { FrontdoorError } from '../../errors.js';
import { isLoopbackAddress } from './is-loopback.js';

/**
 * The check `frontdoor serve` makes before it listens: an address other than loopback (0.0.0.0, ::, a
 * LAN address, a hostname) is refused unless `api.tokens` lists at least one token, so the fleet's map
 * and the write endpoints are never served to the network by accident.
 * @throws FrontdoorError FD_ERR_LISTEN_UNPROTECTED
 * @example assertListenProtected({ host: '0.0.0.0', tokens: [] }) // throws
 */
export function assertListenProtected(options: { host: string; tokens: readonly ApiToken[] }): void {
  if (isLoopbackAddress(options.host) || options.tokens.length > 0) return;
  throw new FrontdoorError(
    'FD_ERR_LISTEN_UNPROTECTED',
    `--listen ${options.host}: not a loopback address, and api.tokens is empty; add a token (frontdoor token hash) or listen on 127.0.0.1`,
  );
}
