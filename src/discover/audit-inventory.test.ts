import { describe, expect, it } from 'vitest';
import { auditInventory, certificateNameCovers } from './audit-inventory.js';
import { inventoryFromText } from './inventory-from-text.test-helper.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const validity = (notAfter: string) => ({ notBefore: '2025-01-01T00:00:00.000Z', notAfter });

describe('auditInventory', () => {
  it('flags a socket shared by several servers with no default_server, once per socket', () => {
    const inventory = inventoryFromText(`http {
      server { listen 80; server_name a.example.com; }
      server { listen 80; server_name b.example.com; }
      server { listen 127.0.0.1:8080 default_server; server_name c.example.com; }
      server { listen 127.0.0.1:8080; server_name d.example.com; }
      server { listen 8081; server_name e.example.com; }
    }`);
    expect(auditInventory(inventory, NOW)).toEqual([
      {
        code: 'no_default_server',
        file: '/etc/nginx/nginx.conf',
        line: 2,
        message:
          '*:80 is shared by 2 server blocks and none is default_server: unknown hostnames get the first one (/etc/nginx/nginx.conf:2)',
      },
    ]);
  });

  it('flags TLS names the certificate does not cover, and expired, expiring and unreadable certificates', () => {
    const inventory = inventoryFromText(
      `http {
      server { listen 443 ssl default_server; server_name shop.example.com www.shop.example.com api.other.net;
               ssl_certificate /c/shop.pem; }
      server { listen 443 ssl; server_name .blog.example.com; ssl_certificate /c/blog.pem; }
      server { listen 443 ssl; server_name old.example.com; ssl_certificate /c/old.pem; }
      server { listen 443 ssl; server_name gone.example.com; ssl_certificate /c/gone.pem; }
      server { listen 80; server_name plain.example.com; ssl_certificate /c/unused.pem; }
    }`,
      {
        '/c/shop.pem': {
          names: ['shop.example.com', '*.shop.example.com'],
          ...validity('2026-03-15T00:00:00.000Z'),
        },
        '/c/blog.pem': { names: ['blog.example.com'], ...validity('2026-03-22T00:00:00.000Z') },
        '/c/old.pem': { names: ['old.example.com'], ...validity('2026-02-28T00:00:00.000Z') },
      },
    );
    expect(auditInventory(inventory, NOW).map((warning) => `${warning.code}: ${warning.message}`)).toEqual([
      'certificate_mismatch: api.other.net is served with TLS but its certificate (/c/shop.pem) does not cover it',
      'certificate_expiring: /c/shop.pem expires in 14 days (2026-03-15T00:00:00.000Z)',
      'certificate_expired: /c/old.pem expired on 2026-02-28T00:00:00.000Z',
      'certificate_unreadable: cannot inspect /c/gone.pem: ENOENT',
    ]);
  });
});

describe('certificateNameCovers', () => {
  it.each([
    ['shop.example.com', 'SHOP.example.com', true],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
  ])('%s covers %s: %s', (name, hostname, expected) => {
    expect(certificateNameCovers(name, hostname)).toBe(expected);
  });
});
