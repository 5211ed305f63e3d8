import { describe, expect, it } from 'vitest';
import { compareCoverage, listCheckedHostnames } from './compare-coverage.js';
import { inventoryFromText } from './inventory-from-text.test-helper.js';

const inventory = inventoryFromText(`http {
  server { listen 80 default_server; server_name _; }
  server { listen 443 ssl; server_name shop.example.com www.shop.example.com; }
  server { listen 443 ssl; server_name *.tenants.example.com; }
  server { listen 443 ssl; server_name "~^api-\\d+\\.example\\.com$"; }
  server { listen 80; server_name shop.example.com; return 301 https://$host$request_uri; }
}`);

describe('listCheckedHostnames', () => {
  it('takes each URL host and alias once, lower-cased', () => {
    expect(
      listCheckedHostnames({
        shop: { url: 'https://Shop.example.com/health', aliases: ['www.shop.example.com'] },
        again: { url: 'http://shop.example.com:8080/', aliases: ['SHOP.internal'] },
      }),
    ).toEqual(['shop.example.com', 'www.shop.example.com', 'shop.internal']);
  });
});

describe('compareCoverage', () => {
  it('lists served names never checked and checked names nginx does not serve', () => {
    const report = compareCoverage(inventory, ['shop.example.com', 'legacy.example.com']);
    expect(report.unchecked.map((name) => `${name.name} ${name.kind} line ${name.line}`)).toEqual([
      'www.shop.example.com exact line 3',
      '*.tenants.example.com wildcard line 4',
      '~^api-\\d+\\.example\\.com$ regex line 5',
    ]);
    expect(report.unserved).toEqual(['legacy.example.com']);
  });

  it('counts a wildcard or regex as checked once a checked hostname matches it', () => {
    const report = compareCoverage(inventory, [
      'shop.example.com',
      'www.shop.example.com',
      'acme.tenants.example.com',
      'api-7.example.com',
    ]);
    expect(report).toEqual({ unchecked: [], unserved: [] });
  });

  it('leaves out catch-alls and the words a server_name swallowed from the next directive', () => {
    const report = compareCoverage(
      inventoryFromText(`http {
      server { listen 80 default_server; server_name closed.example.com; return 444; }
      server { listen 80; server_name shop.example.com
        root /srv/shop; }
    }`),
      ['shop.example.com'],
    );
    expect(report).toEqual({ unchecked: [], unserved: [] });
  });
});
