import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { NginxInventory } from './nginx/nginx-inventory.js';
import { describeCertificate, parseTrustedRoots, readCertificates } from './read-certificates.js';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

describe('describeCertificate', () => {
  it('reads DNS SANs (not IP SANs) and validity', async () => {
    const info = describeCertificate(await fixture('shop-san.pem'));
    expect(info.names).toEqual(['shop.example.com', '*.shop.example.com']);
    expect(Date.parse(info.notAfter) - Date.parse(info.notBefore)).toBe(3650 * 86_400_000);
  });

  it('falls back to the subject CN when there is no SAN', async () => {
    expect(describeCertificate(await fixture('legacy-cn-only.pem')).names).toEqual(['legacy.example.org']);
  });
});

describe('certificate trust', () => {
  it('tells a public chain, a self-signed leaf, a file carrying its root and an unknown private CA apart', async () => {
    const ca = (await fixture('private-ca.pem')).toString();
    const leaf = await fixture('private-leaf.pem');
    const roots = parseTrustedRoots([ca]);
    expect(describeCertificate(leaf, roots)).toMatchObject({
      trust: 'public',
      issuer: 'CN=Fixture Private CA',
    });
    expect(describeCertificate(leaf, []).trust).toBe('unknown-issuer');
    expect(describeCertificate(await fixture('private-leaf-with-root.pem'), []).trust).toBe('root-in-file');
    expect(describeCertificate(await fixture('shop-san.pem'), []).trust).toBe('self-signed');
  });
});

describe('readCertificates', () => {
  it('fills in readable certificates and says why others could not be read', async () => {
    const inventory: NginxInventory = {
      mainFile: '/etc/nginx/nginx.conf',
      files: [],
      upstreams: [],
      sockets: [],
      servers: [
        {
          context: 'http',
          file: 'a.conf',
          line: 1,
          listens: [],
          serverNames: [],
          upstreams: [],
          healthPaths: [],
          certificates: [
            { path: '/certs/shop.pem', file: 'a.conf', line: 2 },
            { path: '/certs/missing.pem', file: 'a.conf', line: 3 },
            { path: '/certs/garbage.pem', file: 'a.conf', line: 4 },
            { path: '/certs/$map_result.pem', dynamic: true, file: 'a.conf', line: 5 },
          ],
        },
      ],
    };
    const shop = await fixture('shop-san.pem');
    const read = async (path: string) => {
      if (path === '/certs/shop.pem') return shop;
      if (path === '/certs/garbage.pem') return Buffer.from('not a certificate');
      throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    };
    const [server] = (await readCertificates(inventory, read)).servers;
    expect(server?.certificates.map((certificate) => certificate.info?.names ?? certificate.error)).toEqual([
      ['shop.example.com', '*.shop.example.com'],
      'no such file or directory (ENOENT)',
      'not a PEM certificate',
      'chosen per handshake from variables; not checked',
    ]);
  });
});
