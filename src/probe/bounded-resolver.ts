import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import type { HostAnswer, HostResolver, LookupOptions } from './host-resolver.js';
import type { ResolvedAddress } from './observation.js';
import { normalizeHostsName, parseHostsFile } from './parse-hosts-file.js';
import { type HostsSource, type LookupStatus, parseHostsSources } from './parse-nsswitch.js';
import { queryDns } from './query-dns.js';

export interface BoundedResolverOptions {
  /** default /etc/hosts */
  hostsPath?: string;
  /** default /etc/nsswitch.conf; its `hosts:` line orders the hosts file and DNS */
  nsswitchPath?: string;
  /** DNS servers to ask; default those of /etc/resolv.conf */
  servers?: readonly string[];
  /** how often each DNS server is asked (default 2) */
  tries?: number;
  /** how long a lookup may take when the caller does not say (default 5 s) */
  timeoutMs?: number;
  /** AAAA answers first; default: whether this machine has a global IPv6 address (as RFC 6724 would sort) */
  preferIpv6?: boolean;
}

interface ResolverFiles {
  hosts: Map<string, ResolvedAddress[]>;
  sources: readonly HostsSource[];
}

const DEFAULT_TRIES = 2;
const DEFAULT_TIMEOUT_MS = 5_000;
// Out of descriptors is this machine's problem, not a missing file: it must reach the probe as such.
const SHORTAGE_CODES = new Set(['EMFILE', 'ENFILE']);

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && SHORTAGE_CODES.has(code)) throw error;
    return ''; // missing or unreadable: as glibc, an empty table and the default order
  }
}

function hasGlobalIpv6(): boolean {
  return Object.values(networkInterfaces()).some((addresses) =>
    (addresses ?? []).some(
      (info) => info.family === 'IPv6' && !info.internal && !info.address.toLowerCase().startsWith('fe80'),
    ),
  );
}

function notFound(hostname: string): Error {
  return Object.assign(new Error(`${hostname}: no such name in the hosts file or DNS`), {
    code: 'ENOTFOUND',
  });
}

/** nsswitch's view of a DNS error: the name is not there, the service cannot be reached, or try again later. */
function statusOf(code: string | undefined): LookupStatus {
  if (code === 'ENOTFOUND' || code === 'ENODATA') return 'notfound';
  if (code === 'ETIMEOUT' || code === 'ESERVFAIL' || code === 'ECANCELLED') return 'tryagain';
  return 'unavail';
}

/**
 * A resolver that honours the probe's deadline and cannot be starved: the hosts file and nsswitch.conf's
 * order are read here (once per resolver), and names not in the file are asked of DNS through c-ares with a
 * bounded timeout and tries (see queryDns), never through getaddrinfo's four shared threads. An aborted
 * lookup cancels its queries, so an abandoned name keeps nothing alive. Sources other than `files`, `dns` and
 * `resolve` (systemd-resolved, asked through the DNS servers of resolv.conf) are skipped as unavailable.
 * @example const resolver = createBoundedResolver(); await resolver('shop.example.com', { timeoutMs: 2000 })
 */
export function createBoundedResolver(options: BoundedResolverOptions = {}): HostResolver {
  const hostsPath = options.hostsPath ?? '/etc/hosts';
  const nsswitchPath = options.nsswitchPath ?? '/etc/nsswitch.conf';
  const tries = options.tries ?? DEFAULT_TRIES;
  let files: Promise<ResolverFiles> | undefined;
  let preferIpv6 = options.preferIpv6;

  const loadFiles = (): Promise<ResolverFiles> => {
    if (files === undefined) {
      const loading = Promise.all([readOptional(hostsPath), readOptional(nsswitchPath)]).then(
        ([hostsText, nsswitchText]) => ({
          hosts: parseHostsFile(hostsText),
          sources: parseHostsSources(nsswitchText),
        }),
      );
      files = loading;
      // A shortage now must not make every later lookup fail: the next one reads again.
      loading.catch(() => {
        if (files === loading) files = undefined;
      });
    }
    return files;
  };

  return async (hostname: string, lookup: LookupOptions = {}): Promise<HostAnswer> => {
    const { hosts, sources } = await loadFiles();
    const name = normalizeHostsName(hostname);
    let dnsError: Error | undefined;
    for (const source of sources) {
      let status: LookupStatus;
      if (source.name === 'files') {
        const addresses = hosts.get(name);
        if (addresses !== undefined) return { addresses: [...addresses], source: 'hosts' };
        status = 'notfound';
      } else if (source.name === 'dns' || source.name === 'resolve') {
        preferIpv6 ??= hasGlobalIpv6();
        try {
          const answer = await queryDns(hostname.toLowerCase(), {
            servers: options.servers,
            tries,
            timeoutMs: lookup.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            signal: lookup.signal,
            preferIpv6,
          });
          return { addresses: answer.addresses, source: 'dns', ttlMs: answer.ttlMs };
        } catch (error) {
          dnsError = error as Error;
          status = statusOf((error as NodeJS.ErrnoException).code);
        }
      } else {
        status = 'unavail';
      }
      if (lookup.signal?.aborted === true) break;
      if ((source.actions[status] ?? 'continue') === 'return') break;
    }
    throw dnsError ?? notFound(hostname);
  };
}
