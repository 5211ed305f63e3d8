import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { discoverNginx, type NginxDiscovery } from '../../../src/discover/discover-nginx.js';
import { createDiskConfigSource } from '../../../src/discover/nginx/nginx-config-source.js';
import type { NginxServerBlock } from '../../../src/discover/nginx/nginx-inventory.js';
import { createDumpConfigSource, parseNginxDump } from '../../../src/discover/nginx/read-nginx-dump.js';
import { renderDraftConfig } from '../../../src/discover/render-draft-config.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { get } from '../lab/http-get.js';
import { requireTools } from '../lab/require-tools.js';
import { runNginxDump } from './run-nginx-dump.js';

const tools = requireTools(['nginx', 'openssl']);

/** A Host header that each kind of server_name in this configuration answers to. */
const SAMPLE_HOSTS: Record<string, string[]> = {
  '*.tenants.example.test': ['acme.tenants.example.test'],
  '.static.example.test': ['static.example.test', 'cdn.static.example.test'],
  '~^api-(?<n>\\d+)\\.example\\.test$': ['api-42.example.test'],
};

describe.skipIf(tools.skip)('a lab configuration, checked against a real nginx', () => {
  let dir: string;
  let ca: CertificateAuthority;
  let nginx: NginxServer;
  let backend: Server;
  let backendEndpoint: string;
  let discovery: NginxDiscovery;
  const now = new Date();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-discover-lab-'));
    ca = await createCertificateAuthority();
    const certificate = await ca.issue({ names: ['shop.example.test', 'www.shop.example.test'] });
    const front = allocateLoopbackAddress();
    const other = allocateLoopbackAddress();
    const backendAddress = allocateLoopbackAddress();
    const [httpPort, tlsPort, otherPort, backendPort] = await Promise.all([
      findFreePort(front),
      findFreePort(front),
      findFreePort(other),
      findFreePort(backendAddress),
    ]);
    backendEndpoint = `${backendAddress}:${backendPort}`;
    backend = createServer((_request, response) => response.end(`backend ${backendEndpoint}\n`));
    await new Promise<void>((resolve) => backend.listen(backendPort, backendAddress, resolve));

    await mkdir(join(dir, 'sites'));
    await mkdir(join(dir, 'snippets'));
    // Each block answers with its own root (or its upstream's answer), so a response names its block.
    await writeFile(
      join(dir, 'sites', '00-default.conf'),
      `server { listen ${front}:${httpPort} default_server; server_name _; root ${dir}/www/default;
  return 200 "$document_root\\n"; }\n`,
    );
    await writeFile(
      join(dir, 'sites', '10-shop.conf'),
      [
        'server {',
        `    listen ${front}:${httpPort};   # plain HTTP goes to the app`,
        '    server_name shop.example.test # names may be split by comments',
        '                "www.shop.example.test";',
        `    root ${dir}/www/shop;`,
        '    location / { proxy_pass http://app_pool; }',
        '}',
        'server {',
        `    listen ${front}:${tlsPort} ssl http2;`,
        '    server_name shop.example.test www.shop.example.test;',
        `    root ${dir}/www/shop-tls;`,
        `    include ${dir}/snippets/tls.conf;`,
        '    location / { return 200 "$document_root\\n"; }',
        '}',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'snippets', 'tls.conf'),
      `ssl_certificate ${certificate.certPath};\nssl_certificate_key '${certificate.keyPath}';\n`,
    );
    await writeFile(
      join(dir, 'sites', '20-tenants.conf'),
      [
        'server {',
        `    listen ${front}:${httpPort};`,
        `    listen ${other}:${otherPort};`,
        '    server_name *.tenants.example.test .static.example.test',
        '                "~^api-(?<n>\\d+)\\.example\\.test$";',
        `    root ${dir}/www/tenants;`,
        '    if ($request_method = POST) { return 405; }',
        '    location / { return 200 "$document_root\\n"; }',
        '}',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'sites', 'ignored.conf.disabled'),
      'server { server_name ignored.example.test; }\n',
    );
    nginx = await startNginx({
      httpBlock: `  upstream app_pool { server ${backendEndpoint}; }\n  include ${dir}/sites/*.conf;\n`,
    });
    discovery = await discoverNginx(nginx.configPath, createDiskConfigSource(), { now });
  });

  afterAll(async () => {
    await nginx?.stop();
    await new Promise((resolve) => backend?.close(resolve));
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const httpServers = () => discovery.inventory.servers.filter((server) => server.context === 'http');

  function expectedBody(server: NginxServerBlock): string {
    return server.upstreams.length > 0
      ? `backend ${server.upstreams[0]?.endpoints.map((endpoint) => endpoint.endpoint).join(',')}\n`
      : `${server.root}\n`;
  }

  function hostsFor(server: NginxServerBlock): string[] {
    return server.serverNames.flatMap((name) =>
      name.kind === 'exact'
        ? [name.name]
        : name.kind === 'placeholder'
          ? []
          : (SAMPLE_HOSTS[name.name] ?? []),
    );
  }

  it('reads the same files and entrances as nginx -T', async () => {
    const dumpText = await runNginxDump(
      tools.paths.nginx as string,
      nginx.configPath,
      nginx.prefix,
      join(dir, 'dump-error.log'),
    );
    const dump = parseNginxDump(dumpText, 'nginx -T');
    expect(discovery.inventory.files).toEqual([...dump.files.keys()]);
    expect(await discoverNginx(dump.mainFile, createDumpConfigSource(dump, 'dump'), { now })).toEqual(
      discovery,
    );
    expect(httpServers()).toHaveLength(4);
  });

  it('resolves the named upstream to the backend nginx really proxies to', () => {
    const shop = httpServers()[1];
    expect(shop?.upstreams).toMatchObject([{ directive: 'proxy_pass', upstream: 'app_pool' }]);
    expect(shop?.upstreams[0]?.endpoints.map((endpoint) => endpoint.endpoint)).toEqual([backendEndpoint]);
  });

  it('every discovered name, on every discovered plain listen, is answered by the block discovery assigns it', async () => {
    let requests = 0;
    for (const server of httpServers()) {
      for (const listen of server.listens.filter((candidate) => !candidate.ssl)) {
        for (const host of hostsFor(server)) {
          const response = await get({
            address: listen.address as string,
            port: listen.port as number,
            host,
          });
          expect(`${host} -> ${response.body}`).toBe(`${host} -> ${expectedBody(server)}`);
          requests += 1;
        }
      }
    }
    expect(requests).toBe(10);
  });

  it('an unknown hostname is answered by the block discovered as default_server', async () => {
    const fallback = httpServers().find((server) => server.listens.some((listen) => listen.defaultServer));
    const listen = fallback?.listens[0];
    const response = await get({
      address: listen?.address as string,
      port: listen?.port as number,
      host: 'unknown.example.test',
    });
    expect(response.body).toBe(`${fallback?.root}\n`);
  });

  it('the TLS block presents the certificate whose names discovery read', async () => {
    const tlsServer = httpServers().find((server) => server.listens.some((listen) => listen.ssl));
    const listen = tlsServer?.listens[0];
    expect(tlsServer?.certificates[0]?.info?.names).toEqual(['shop.example.test', 'www.shop.example.test']);
    const caPem = await readFile(ca.caCertPath);
    for (const host of hostsFor(tlsServer as NginxServerBlock)) {
      const seen = await new Promise<{ body: string; names: string }>((resolve, reject) => {
        const request = httpsRequest(
          {
            host: listen?.address,
            port: listen?.port,
            servername: host,
            headers: { host },
            ca: caPem,
            agent: false,
            timeout: 10_000,
          },
          (response) => {
            const names = (response.socket as TLSSocket).getPeerCertificate().subjectaltname ?? '';
            let body = '';
            response.setEncoding('utf8').on('data', (chunk: string) => {
              body += chunk;
            });
            response.on('end', () => resolve({ body, names }));
          },
        );
        request.once('timeout', () => request.destroy(new Error('request timed out')));
        request.once('error', reject);
        request.end();
      });
      expect(seen.body).toBe(`${tlsServer?.root}\n`);
      expect(seen.names).toBe('DNS:shop.example.test, DNS:www.shop.example.test');
    }
  });

  it('drafts a configuration frontdoor loads: https site for the TLS block, listeners for every socket', () => {
    const config = parseConfig(renderDraftConfig(discovery.inventory), join(dir, 'draft.yaml'));
    const tlsServer = httpServers().find((server) => server.listens.some((listen) => listen.ssl));
    const tlsListen = tlsServer?.listens[0];
    expect(config.sites['shop.example.test']?.url).toBe(`https://shop.example.test:${tlsListen?.port}/`);
    expect(config.sites['shop.example.test']?.aliases).toEqual(['www.shop.example.test']);
    expect(config.sites['static.example.test']?.url).toMatch(/^http:\/\/static\.example\.test:\d+\/$/);
    const sockets = discovery.inventory.servers.flatMap((server) =>
      server.listens.map((listen) => listen.socket),
    );
    expect(Object.keys(config.host?.listeners ?? {}).sort()).toEqual([...new Set(sockets)].sort());
  });
});
