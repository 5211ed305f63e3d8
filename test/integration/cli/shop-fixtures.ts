import { writeFile } from 'node:fs/promises';
import type { IssuedCertificate } from '../../../src/lab/certificates.js';

const listenAddress = (address: string) => (address.includes(':') ? `[${address}]` : address);

/**
 * nginx `http {}` contents for a shop on each address: a default server answering 400 "Invalid Hostname"
 * (as real fleets have one, so an unrouted name gets a different answer) and the shop's server.
 * `routed[i]` narrows the names door i routes (default: all of `names`).
 */
export function renderShopHttpBlock(options: {
  addresses: string[];
  ports: number[];
  cert: IssuedCertificate;
  names: string[];
  routed?: string[][];
}): string {
  const { addresses, ports, cert, names, routed = [] } = options;
  return addresses
    .map(
      (address, index) => `
      server {
        listen ${listenAddress(address)}:${ports[index]} ssl default_server;
        ssl_certificate ${cert.certPath};
        ssl_certificate_key ${cert.keyPath};
        return 400 "Bad Request - Invalid Hostname\\n";
      }
      server {
        listen ${listenAddress(address)}:${ports[index]} ssl;
        server_name ${(routed[index] ?? names).join(' ')};
        ssl_certificate ${cert.certPath};
        ssl_certificate_key ${cert.keyPath};
        location = /health { add_header x-app-version v7 always; return 200 "ok\\n"; }
      }`,
    )
    .join('\n');
}

/** Writes a one-site configuration; every hostname gets a fixed answer so nothing reaches a real resolver. */
export async function writeShopConfig(
  path: string,
  options: {
    origins: Record<string, string>;
    resolveTo: string;
    url: string;
    aliases: string[];
    expect?: string;
  },
): Promise<void> {
  const hostnames = [new URL(options.url).hostname, ...options.aliases];
  const lines = [
    'origins:',
    ...Object.entries(options.origins).map(([name, address]) => `  ${name}: "${address}"`),
    'resolve:',
    ...hostnames.map((hostname) => `  ${hostname}: ${options.resolveTo}`),
    'sites:',
    '  shop:',
    `    url: ${options.url}`,
    `    aliases: [${options.aliases.join(', ')}]`,
    `    origins: [${Object.keys(options.origins).join(', ')}]`,
    ...(options.expect === undefined ? [] : [`    expect: ${options.expect}`]),
    '',
  ];
  await writeFile(path, lines.join('\n'));
}
