import { isIP } from 'node:net';

/**
 * Whether an address is this machine's own: 127.0.0.0/8, ::1, or either written as an IPv4-mapped IPv6
 * address (::ffff:127.0.0.1, as a dual-stack socket reports IPv4 peers). `localhost` counts for a listen
 * address, which may be a name.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const bare = address.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return bare.startsWith('127.');
  if (family !== 6) return false;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^(?:0:0:0:0:0|:):ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  return mapped?.startsWith('127.') === true;
}
