import { auditInventory, type DiscoveryWarning } from './audit-inventory.js';
import { extractInventory } from './nginx/extract-inventory.js';
import { loadNginxConfig } from './nginx/load-nginx-config.js';
import type { NginxConfigSource } from './nginx/nginx-config-source.js';
import type { NginxInventory } from './nginx/nginx-inventory.js';
import { type ReadCertificateFile, readCertificates } from './read-certificates.js';

export interface NginxDiscovery {
  inventory: NginxInventory;
  warnings: DiscoveryWarning[];
}

export interface DiscoverNginxOptions {
  /** the clock for certificate expiry */
  now: Date;
  readCertificate?: ReadCertificateFile;
  /** where relative includes resolve (default: the main file's directory, as nginx does) */
  prefix?: string;
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
    options.prefix === undefined ? {} : { prefix: options.prefix },
  );
  const inventory = await readCertificates(extractInventory(tree), options.readCertificate);
  return { inventory, warnings: auditInventory(inventory, options.now) };
}
