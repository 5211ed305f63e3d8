import { lookup } from 'node:dns/promises';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverNginx } from '../../../src/discover/discover-nginx.js';
import { createDiskConfigSource } from '../../../src/discover/nginx/nginx-config-source.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { requireTools } from '../lab/require-tools.js';
import { runNginxTest } from './run-nginx-test.js';

const tools = requireTools(['nginx', 'openssl']);

describe.skipIf(tools.skip)('paths and refusals, with nginx -t as the oracle', () => {
  let dir: string;
  let ca: CertificateAuthority;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-relative-paths-'));
    ca = await createCertificateAuthority();
  });

  afterAll(async () => {
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  // Each refusal: two blocks on one address:port, written as `first` and `second` (a hostname resolves).
  it.each([
    ['a duplicate default server', 'ADDR', 'default_server', 'default_server', 'duplicate_default_server'],
    ['duplicate listen options', 'ADDR', 'reuseport', 'backlog=511', 'duplicate_listen_options'],
    [
      'a duplicate default server through a hostname',
      'localhost',
      'default_server',
      'default_server',
      'duplicate_default_server',
    ],
  ])('refuses %s exactly where nginx -t does', async (_case, written, first, second, code) => {
    // nginx resolves "localhost" itself; every resolver gives 127.0.0.1 for it.
    const address = written === 'localhost' ? '127.0.0.1' : allocateLoopbackAddress();
    const port = await findFreePort(address);
    const conf = join(dir, `${code}-${written}.conf`);
    await mkdir(join(dir, 'logs'), { recursive: true });
    await writeFile(
      conf,
      [
        `pid ${join(dir, 'nginx.pid')};`,
        'events {}',
        `http { access_log off; client_body_temp_path ${dir}/t;`,
        `  server { listen ${written === 'localhost' ? 'localhost' : address}:${port} ${first}; server_name one.sock.test; }`,
        // Another socket's options are its own: nginx takes them.
        `  server { listen ${address}:${port + 1} ${second}; server_name three.sock.test; }`,
        `  server { listen ${address}:${port} ${second}; server_name two.sock.test; }`,
        '}',
        '',
      ].join('\n'),
    );
    const output = await runNginxTest(tools.paths.nginx as string, `${dir}/`, conf);
    const refused = /\[emerg\] (.+) in (\S+):(\d+)/.exec(output);
    const { warnings } = await discoverNginx(conf, createDiskConfigSource(), {
      now: new Date(),
      resolveListenHost: async (host) => (await lookup(host, { all: true })).map((entry) => entry.address),
    });
    const ours = warnings.filter((warning) => warning.code === code);
    expect(ours.map((warning) => `${warning.file}:${warning.line}`)).toEqual([
      `${refused?.[2]}:${refused?.[3]}`,
    ]);
    expect(refused?.[1]).toContain(`for ${address}:${port}`);
    expect(ours[0]?.message).toContain(`for ${address}:${port}`);
  });

  it("loads a relative certificate from the configuration's folder and a relative root from the prefix", async () => {
    const issued = await ca.issue({ names: ['relative.sock.test'] });
    const conf = join(dir, 'conf');
    const prefix = join(dir, 'prefix');
    await mkdir(join(conf, 'certs'), { recursive: true });
    await mkdir(join(prefix, 'logs'), { recursive: true });
    await writeFile(join(conf, 'certs', 'site.pem'), await readFile(issued.certPath));
    await writeFile(join(conf, 'certs', 'site.key'), await readFile(issued.keyPath));
    const address = allocateLoopbackAddress();
    await writeFile(
      join(conf, 'nginx.conf'),
      [
        `pid ${join(prefix, 'nginx.pid')};`,
        'events {}',
        `http { access_log off; root html; client_body_temp_path ${prefix}/t;`,
        `  server { listen ${address}:8443 ssl; server_name relative.sock.test;`,
        '    ssl_certificate certs/site.pem; ssl_certificate_key certs/site.key; } }',
        '',
      ].join('\n'),
    );
    const output = await runNginxTest(tools.paths.nginx as string, `${prefix}/`, join(conf, 'nginx.conf'));
    expect(output).toContain('test is successful');
    const { inventory, warnings } = await discoverNginx(join(conf, 'nginx.conf'), createDiskConfigSource(), {
      now: new Date(),
      prefix: { path: prefix, from: '-p' },
    });
    const [server] = inventory.servers;
    expect(server?.certificates.map((certificate) => [certificate.path, certificate.info?.names])).toEqual([
      [join(conf, 'certs', 'site.pem'), ['relative.sock.test']],
    ]);
    expect(server?.root).toBe(join(prefix, 'html'));
    expect(warnings.filter((warning) => warning.code.startsWith('certificate_'))).toEqual([]);
  });
});
