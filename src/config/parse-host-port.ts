import { isIP, isIPv6 } from 'node:net';
import { FrontdoorError } from '../errors.js';
import type { ConnectTo } from '../probe/observation.js';
import { readPort } from '../probe/read-port.js';
import { isHostname } from './hostname-syntax.js';
import type { ParseOutcome } from './parse-outcome.js';

/** Reads "address[:port]" without throwing; see parseHostPort. */
export function readHostPort(text: string): ParseOutcome<ConnectTo> {
  const refuse = (why = ''): ParseOutcome<ConnectTo> => ({
    ok: false,
    problem: `'${text}' is not an address[:port]${why}`,
  });
  const trimmed = text.trim();
  // A bare IPv6 literal has colons of its own, so it can only stand without a port.
  if (isIPv6(trimmed)) return { ok: true, value: { host: trimmed } };

  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(trimmed);
  if (bracketed !== null) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (!isIPv6(host)) return refuse(' (only IPv6 addresses go in brackets)');
  } else {
    const parts = trimmed.split(':');
    if (parts.length > 2) return refuse(' (put an IPv6 address with a port in brackets: [2001:db8::1]:8443)');
    host = (parts[0] ?? '').toLowerCase();
    portText = parts[1];
    if (isIP(host) === 0 && !isHostname(host)) return refuse();
  }
  if (portText === undefined) return { ok: true, value: { host } };
  const port = readPort(portText);
  if (port === undefined) return refuse(' (the port must be 1-65535)');
  return { ok: true, value: { host, port } };
}

/**
 * Parses "10.0.0.1", "10.0.0.1:8443", "[::1]:443", "::1" or "host:80" into a connection pin.
 * IPv6 hosts come back without brackets, ready for net.connect.
 * @throws FrontdoorError FD_ERR_USAGE "where: '10.0.0.999' is not an address[:port]"
 */
export function parseHostPort(text: string, where: string): ConnectTo {
  const outcome = readHostPort(text);
  if (!outcome.ok) throw new FrontdoorError('FD_ERR_USAGE', `${where}: ${outcome.problem}`);
  return outcome.value;
}
