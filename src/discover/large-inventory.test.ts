import { describe, expect, it } from 'vitest';
import { auditInventory } from './audit-inventory.js';
import { buildFrontdoorConfig } from './build-frontdoor-config.js';
import type { NginxDiscovery } from './discover-nginx.js';
import { inventoryFromText } from './inventory-from-text.test-helper.js';
import type { NginxCertificate, NginxServerBlock } from './nginx/nginx-inventory.js';
import { renderDiscovery, renderDiscoveryNotes } from './render-discovery.js';
import { renderDraftConfig } from './render-draft-config.js';

// Above what spread arguments (push(...list)) fit on V8's default stack (~120,000), and far below the
// discovery limits (500,000 directives): a tree this size was an internal error, exit 70.
const MANY = 130_000;
const NOW = new Date('2026-03-01T00:00:00Z');
const VALID = { notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2035-01-01T00:00:00.000Z' };

describe('discovery of a tree larger than spread arguments fit on the stack', () => {
  it('renders a block with 130,000 proxied locations, one upstream line each', () => {
    const locations = Array.from(
      { length: MANY },
      (_, index) => `location /p${index} { proxy_pass http://127.0.0.1:9000; }`,
    );
    const inventory = inventoryFromText(
      `http { server { listen 127.0.0.1:8080; server_name a.test; ${locations.join('\n')} } }`,
    );
    const discovery: NginxDiscovery = { inventory, warnings: [] };
    const lines = renderDiscovery(discovery).split('\n');
    expect(lines.filter((line) => line.startsWith('  upstream  proxy_pass'))).toHaveLength(MANY);
  });

  it('audits and renders 130,000 names a certificate does not cover, one warning each', () => {
    const names = Array.from({ length: MANY }, (_, index) => `h${index}.test`).join(' ');
    const inventory = inventoryFromText(
      `http { server { listen 443 ssl; server_name ${names}; ssl_certificate /c/a.pem; } }`,
      { '/c/a.pem': { names: ['other.test'], ...VALID } },
    );
    const warnings = auditInventory(inventory, NOW);
    expect(warnings.filter((warning) => warning.code === 'certificate_mismatch')).toHaveLength(MANY);
    const notes = renderDiscoveryNotes(warnings).split('\n');
    expect(notes[0]).toBe(`warnings (${MANY}):`);
    expect(notes.filter((line) => line.startsWith('  certificate_mismatch: '))).toHaveLength(MANY);
  });

  it('drafts 130,000 blocks whose certificates come from an unknown issuer, one comment each', () => {
    // One block parsed, then copied with its own name and certificate: parsing 130,000 blocks adds nothing.
    const one = inventoryFromText(
      'http { server { listen 443 ssl; server_name s.example.com; ssl_certificate /c/s.pem; } }',
      { '/c/s.pem': { names: ['s.example.com'], trust: 'unknown-issuer', issuer: 'CN=Corp CA', ...VALID } },
    );
    const [template] = one.servers as [NginxServerBlock];
    const [certificate] = template.certificates as [NginxCertificate];
    const servers = Array.from({ length: MANY }, (_, index): NginxServerBlock => {
      const hostname = `s${index}.example.com`;
      return {
        ...template,
        serverNames: [{ name: hostname, kind: 'exact' }],
        certificates: [{ ...certificate, path: `/c/${index}.pem` }],
      };
    });
    const draft = buildFrontdoorConfig({ ...one, servers });
    const untrusted = draft.comments.filter((comment) =>
      comment.text.includes('which this machine does not trust'),
    );
    expect(untrusted).toHaveLength(MANY);
  });

  it('puts the comment of each of 40,000 drafted sites on its own url, without a scan of the sites per comment', () => {
    const sites = 40_000;
    const one = inventoryFromText('http { server { listen 127.0.0.1:8080; server_name s.internal; } }');
    const [template] = one.servers as [NginxServerBlock];
    const servers = Array.from(
      { length: sites },
      (_, index): NginxServerBlock => ({
        ...template,
        line: index + 1,
        serverNames: [{ name: `s${index}.internal`, kind: 'exact' }],
      }),
    );
    const started = performance.now();
    const yaml = renderDraftConfig({ ...one, servers });
    // A scan per comment took minutes here (400 s for 130,000 sites); the index takes a few seconds.
    expect(performance.now() - started).toBeLessThan(15_000);
    const commented = yaml.split('\n').filter((line) => line.includes('# guess: /etc/nginx/nginx.conf:'));
    expect(commented).toHaveLength(sites);
    expect(commented.at(-1)).toBe(
      `    url: http://s${sites - 1}.internal:8080/ # guess: /etc/nginx/nginx.conf:${sites} has no health location; set the path to probe`,
    );
  }, 60_000);
});
