import { auditInventory, type DiscoveryWarning } from './audit-inventory.js';
import { extractInventory } from './nginx/extract-inventory.js';
import { loadNginxConfig } from './nginx/load-nginx-config.js';
import type { NginxConfigSource } from './nginx/nginx-config-source.js';
import type { NginxInventory } from './nginx/nginx-inventory.js';
import { type ResolveListenHost, resolveListenHosts } from './nginx/resolve-listen-hosts.js';
import { type ReadCertificateFile, readCertificates, type TrustedRoots } from './read-certificates.js';

export interface NginxDiscovery {
  inventory: NginxInventory;
  warnings: DiscoveryWarning[];
}

export interface DiscoverNginxOptions {
  /** the clock for certificate expiry */
  now: Date;
  readCertificate?: ReadCertificateFile;
  /** the roots a probe trusts, to tell which certificates need a `ca:` (default: none known) */
  trustedRoots?: TrustedRoots;
  /** nginx's prefix (-p) for relative roots, and where it came from ("--prefix", "nginx -V") */
  prefix?: { path: string; from: string };
  /** where relative includes and certificates resolve (default: the main file's directory, as nginx does) */
  confPrefix?: string;
  /** looks up hostnames written in `listen` as nginx does at start; without it they stay as written */
  resolveListenHost?: ResolveListenHost;
}

/**
 * Reads an nginx configuration (from disk or a dump, through `source`), extracts its entrances, inspects
 * their certificates and audits the result. Malformed configuration throws FD_ERR_NGINX_CONFIG.
 */
export async function discoverNginx(
  mainFile: string,
  source: NginxConfigSource,
  options: DiscoverNginxOptions,
): Promise<NginxDiscovery> {
  const tree = await loadNginxConfig(
    mainFile,
    source,
    options.confPrefix === undefined ? {} : { prefix: options.confPrefix },
  );
  const listenHosts =
    options.resolveListenHost === undefined
      ? undefined
      : await resolveListenHosts(tree, options.resolveListenHost);
  const extracted = extractInventory(tree, {
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.confPrefix === undefined ? {} : { confPrefix: options.confPrefix }),
    ...(listenHosts === undefined ? {} : { listenHosts }),
  });
  const inventory = await readCertificates(extracted, options.readCertificate, options.trustedRoots);
  return { inventory, warnings: auditInventory(inventory, options.now) };
}
