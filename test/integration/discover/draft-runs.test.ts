import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { buildCli, runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';

/*
 * Issue 12: `discover nginx --yaml` drafts must run as they are. A real nginx with a TLS site whose
 * certificate file carries its own root, a plain site with a prefix health location, a port-80 redirect for
 * the TLS names, and the usual catch-alls (return 444, ssl_reject_handshake, a "_" placeholder): the draft,
 * written to a file untouched, must make `frontdoor check` pass on every target.
 */

const tools = requireTools(['nginx', 'openssl']);

describe.skipIf(tools.skip)(
  'a drafted configuration, checked as it is against the nginx it came from',
  () => {
    let dir: string;
    let ca: CertificateAuthority;
    let nginx: NginxServer;
    let draft: string;
    let address: string;
    let ports: { http: number; tls: number; spare: number };

    beforeAll(async () => {
      await buildCli();
      dir = await mkdtemp(join(tmpdir(), 'frontdoor-draft-runs-'));
      ca = await createCertificateAuthority({ commonName: 'frontdoor draft CA' });
      const leaf = await ca.issue({ names: ['shop.test', 'www.shop.test'] });
      // The file nginx serves holds the leaf and the private root: the draft can trust it from there alone.
      const chain = join(dir, 'shop-fullchain.pem');
      await writeFile(
        chain,
        `${await readFile(leaf.certPath, 'utf8')}${await readFile(ca.caCertPath, 'utf8')}`,
      );
      address = allocateLoopbackAddress();
      const [http, tls, spare] = await Promise.all([
        findFreePort(address),
        findFreePort(address),
        findFreePort(address),
      ]);
      ports = { http, tls, spare };
      nginx = await startNginx({
        httpBlock: `
        server { listen ${address}:${http} default_server; return 444; }
        server { listen ${address}:${tls} ssl default_server; ssl_reject_handshake on; }
        server { listen ${address}:${spare}; server_name _; return 200 "placeholder\\n"; }
        server {
          listen ${address}:${http};
          server_name shop.test www.shop.test;
          return 301 https://$host$request_uri;
        }
        server {
          listen ${address}:${tls} ssl;
          server_name shop.test www.shop.test;
          ssl_certificate ${chain};
          ssl_certificate_key ${leaf.keyPath};
          location = /health { return 200 "ok\\n"; }
          location / { return 404; }
        }
        server {
          listen ${address}:${http};
          server_name blog.internal;
          location /healthz { return 200 "ok\\n"; }
          location / { return 404; }
        }`,
      });
      const discovered = await runBuiltCli([
        'discover',
        'nginx',
        '--config',
        nginx.configPath,
        '--prefix',
        nginx.prefix,
        '--yaml',
      ]);
      expect(discovered.stderr).toBe('');
      expect(discovered.code).toBe(0);
      draft = discovered.stdout;
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      await ca?.dispose();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it('fills in the health paths, resolve, origins and the CA file, and comments on each guess', () => {
      expect(draft).toContain(`url: https://shop.test:${ports.tls}/health #`);
      expect(draft).toContain(`url: http://blog.internal:${ports.http}/healthz #`);
      expect(draft).toMatch(
        /# guess: trusted so their sites can pass; .*shop-fullchain\.pem carries its own root CA/,
      );
      expect(draft).toMatch(/ca:\n {2}- .*shop-fullchain\.pem/);
      expect(draft).toMatch(/# guess: these names are not public DNS names/);
      expect(draft).toContain(`shop.test: ${address}`);
      expect(draft).toContain(`blog.internal: ${address}`);
    });

    it('leaves out the catch-alls and the placeholder server, saying why', () => {
      expect(draft).toContain('a catch-all (return 444)');
      expect(draft).toContain('a catch-all (ssl_reject_handshake on)');
      expect(draft).toContain('no exact server name to probe');
      const document = parse(draft) as { sites: Record<string, { url: string }> };
      expect(Object.keys(document.sites)).toEqual(['shop.test', 'blog.internal']);
      expect(draft).not.toContain(`:${ports.spare}/`);
    });

    it('passes frontdoor check on every target, untouched', async () => {
      const path = join(dir, 'draft.yaml');
      await writeFile(path, draft);
      const run = await runBuiltCli(['check', '-c', path, '--json', '--timeout', '5s']);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as {
        results: Array<{ target: string; verdict: string; summary: string }>;
      };
      const failing = report.results.filter((result) => result.verdict !== 'ok');
      expect(failing.map((result) => `${result.target}: ${result.verdict}: ${result.summary}`)).toEqual([]);
      expect(report.results.map((result) => result.target).sort()).toEqual(
        expect.arrayContaining(['blog.internal via edge', 'shop.test via edge', 'www.shop.test via edge']),
      );
      expect(report.results.length).toBeGreaterThanOrEqual(6);
      expect(run.code).toBe(0);
    });
  },
);
