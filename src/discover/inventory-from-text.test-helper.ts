import { extractInventory } from './nginx/extract-inventory.js';
import type { CertificateInfo, NginxInventory } from './nginx/nginx-inventory.js';
import { parseNginx } from './nginx/parse-nginx.js';

/** An inventory from one file of configuration, with certificate info supplied per path (tests only). */
export function inventoryFromText(
  text: string,
  certificates: Record<string, CertificateInfo> = {},
): NginxInventory {
  const inventory = extractInventory({
    mainFile: '/etc/nginx/nginx.conf',
    files: ['/etc/nginx/nginx.conf'],
    directives: parseNginx(text, '/etc/nginx/nginx.conf'),
  });
  return {
    ...inventory,
    servers: inventory.servers.map((server) => ({
      ...server,
      certificates: server.certificates.map((certificate) => {
        const info = certificates[certificate.path];
        return info === undefined ? { ...certificate, error: 'ENOENT' } : { ...certificate, info };
      }),
    })),
  };
}
