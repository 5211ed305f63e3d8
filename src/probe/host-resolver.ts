import { lookup } from 'node:dns/promises';
import type { ResolvedAddress } from './observation.js';

/** Turns a hostname into addresses, in the order they should be tried. Rejects with an errno-coded error. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * The system resolver through getaddrinfo (dns.lookup), so /etc/hosts and nsswitch apply as they do for a
 * browser on this machine; both IPv4 and IPv6 answers, in the resolver's own order.
 */
export const systemResolver: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};
