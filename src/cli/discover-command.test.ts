import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { isFrontdoorError } from '../errors.js';
import { captureIo } from './capture-io.test-helper.js';
import { createDiscoverCommand } from './discover-command.js';

let dir: string;
const NOW = new Date('2030-01-01T00:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'frontdoor-discover-cli-'));
  await mkdir(join(dir, 'sites'));
  await writeFile(
    join(dir, 'nginx.conf'),
    'events {}\nhttp {\n  include sites/*.conf;\n  server { listen 80 default_server; server_name _; return 444; }\n}\n',
  );
  await writeFile(
    join(dir, 'sites', 'shop.conf'),
    [
      'server {',
      '  listen 127.0.0.9:443 ssl;',
      '  server_name shop.example.com www.shop.example.com;',
      '  ssl_certificate shop.pem;',
      '  location / { fastcgi_pass unix:/run/php/php8.2-fpm.sock; }',
      '}',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'broken.conf'), 'http {\n  server {\n    listen 80\n  }\n}\n');
  await writeFile(
    join(dir, 'frontdoor.yaml'),
    'sites:\n  shop:\n    url: https://shop.example.com/health\n    aliases: [old.example.com]\n',
  );
  await writeFile(
    join(dir, 'complete.yaml'),
    'sites:\n  shop:\n    url: https://shop.example.com/\n    aliases: [www.shop.example.com]\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shopCertificate = readFile(new URL('../discover/fixtures/shop-san.pem', import.meta.url));
const command = createDiscoverCommand({
  now: () => NOW,
  readCertificate: async (path) => {
    if (path === join(dir, 'shop.pem')) return shopCertificate;
    throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  },
  readPrefix: async () => ({ path: '/usr/share/nginx', from: '/usr/sbin/nginx -V' }),
  trustedRoots: async () => [],
  resolveListenHost: async (host) => (host === 'localhost' ? ['127.0.0.1', '::1'] : []),
});

async function run(argv: string[], stdin = '') {
  const io = captureIo({ cwd: dir, stdin: Readable.from([stdin]) });
  const status = await command(argv, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

async function runError(argv: string[]): Promise<string> {
  try {
    await run(argv);
  } catch (error) {
    if (isFrontdoorError(error)) return `${error.code} ${error.message}`;
    throw error;
  }
  throw new Error('expected the command to fail');
}

describe('frontdoor discover nginx', () => {
  it('summarises every server block with its entrances and certificate', async () => {
    const { status, stdout } = await run(['nginx', '--config', 'nginx.conf']);
    expect(status).toBe(0);
    expect(stdout).toContain(`nginx configuration ${join(dir, 'nginx.conf')}: 2 files, 2 server blocks`);
    expect(stdout).toContain('  listen    127.0.0.9:443 ssl');
    expect(stdout).toContain('  names     shop.example.com, www.shop.example.com');
    expect(stdout).toContain(
      '  upstream  fastcgi_pass unix:/run/php/php8.2-fpm.sock (location /) -> unix:/run/php/php8.2-fpm.sock',
    );
    expect(stdout).toContain(
      `  cert      ${join(dir, 'shop.pem')}: shop.example.com, *.shop.example.com; expires 2036-`,
    );
    expect(stdout).not.toContain('warnings');
  });

  it('writes a draft configuration that frontdoor itself loads', async () => {
    const { status, stdout } = await run(['nginx', '--config', 'nginx.conf', '--yaml']);
    expect(status).toBe(0);
    const config = parseConfig(stdout, join(dir, 'draft.yaml'));
    expect(config.sites['shop.example.com']).toMatchObject({
      url: 'https://shop.example.com/',
      aliases: ['www.shop.example.com'],
      origins: ['nginx-127-0-0-9'],
    });
    expect(config.origins['nginx-127-0-0-9']).toMatchObject({ host: '127.0.0.9' });
    expect(config.host?.listeners).toEqual({
      '127.0.0.9:443': 'nginx',
      '80': 'nginx',
      'unix:/run/php/php8.2-fpm.sock': 'php-fpm',
    });
  });

  it('compares with a frontdoor configuration and fails when either side has extra names', async () => {
    const missing = await run(['nginx', '--config', 'nginx.conf', '--against', 'frontdoor.yaml', '--json']);
    expect(missing.status).toBe(1);
    const body = JSON.parse(missing.stdout) as {
      coverage: { unchecked: { name: string }[]; unserved: string[] };
    };
    expect(body.coverage.unchecked.map((name) => name.name)).toEqual(['www.shop.example.com']);
    expect(body.coverage.unserved).toEqual(['old.example.com']);
    const complete = await run(['nginx', '--config', 'nginx.conf', '--against', 'complete.yaml']);
    expect(complete.status).toBe(0);
    expect(complete.stdout).toContain('every hostname nginx serves is checked');
  });

  it("resolves a hostname in listen with this machine's resolver, as nginx does when it starts", async () => {
    const dump = [
      `# configuration file /srv/dumped/nginx.conf:`,
      'http { server { listen localhost:8080; server_name a.test; } server { listen 127.0.0.1:8080; server_name b.test; } }',
      '',
    ].join('\n');
    const { stdout } = await run(['nginx', '--dump', '-'], dump);
    expect(stdout).toContain(
      '  listen    127.0.0.1:8080 (localhost) default (first block), [::1]:8080 (localhost)',
    );
    expect(stdout).toContain('  listen    127.0.0.1:8080\n');
  });

  it('reads an nginx -T dump from stdin', async () => {
    const dump = [
      `# configuration file /srv/dumped/nginx.conf:`,
      'http { server { listen 8080; server_name dumped.example.com; } }',
      '',
    ].join('\n');
    const { status, stdout } = await run(['nginx', '--dump', '-', '--json'], dump);
    expect(status).toBe(0);
    const body = JSON.parse(stdout) as {
      inventory: { mainFile: string; servers: { serverNames: unknown[] }[] };
    };
    expect(body.inventory.mainFile).toBe('/srv/dumped/nginx.conf');
    expect(body.inventory.servers[0]?.serverNames).toEqual([{ name: 'dumped.example.com', kind: 'exact' }]);
  });

  it('reports malformed configuration in one line naming file and line', async () => {
    expect(await runError(['nginx', '--config', 'broken.conf'])).toBe(
      `FD_ERR_NGINX_CONFIG ${join(dir, 'broken.conf')}:4:3: unexpected "}": directive "listen" (line 3) is missing its ";"`,
    );
  });

  it('refuses usage mistakes', async () => {
    expect(await runError([])).toBe(
      "FD_ERR_USAGE frontdoor discover: say what to discover: frontdoor discovers nginx only: 'frontdoor discover nginx'",
    );
    expect(await runError(['apache'])).toBe(
      "FD_ERR_USAGE frontdoor discover: 'apache' is not supported; frontdoor discovers nginx only: 'frontdoor discover nginx'",
    );
    expect(await runError(['nginx', 'extra'])).toBe(
      "FD_ERR_USAGE frontdoor discover: unexpected argument 'extra'",
    );
    expect(await runError(['nginx', '--json', '--yaml'])).toContain('--json and --yaml are exclusive');
    expect(await runError(['nginx', '--dump', 'nope.txt'])).toBe(
      'FD_ERR_NGINX_CONFIG cannot read dump nope.txt: no such file or directory (ENOENT)',
    );
    expect(await runError(['nginx', '--config', 'nginx.conf', '--against', 'nope.yaml'])).toContain(
      'FD_ERR_CONFIG_READ',
    );
  });

  it("resolves relative roots against nginx's prefix: from nginx -V, or --prefix", async () => {
    await writeFile(
      join(dir, 'rooted.conf'),
      'http { root html; server { listen 80; server_name r.test; } }\n',
    );
    const fromNginx = await run(['nginx', '--config', 'rooted.conf']);
    expect(fromNginx.stdout).toContain('prefix /usr/share/nginx (/usr/sbin/nginx -V)');
    expect(fromNginx.stdout).toContain('  root      /usr/share/nginx/html');
    const given = await run(['nginx', '--config', 'rooted.conf', '--prefix', 'p']);
    expect(given.stdout).toContain(`prefix ${join(dir, 'p')} (--prefix)`);
    expect(given.stdout).toContain(`  root      ${join(dir, 'p', 'html')}`);
  });

  it('refuses a FIFO as --dump and an endless stdin with one line each', async () => {
    execFileSync('mkfifo', [join(dir, 'dump.fifo')]);
    expect(await runError(['nginx', '--dump', 'dump.fifo'])).toBe(
      'FD_ERR_NGINX_CONFIG cannot read dump dump.fifo: not a regular file (a FIFO)',
    );
    const endless = new Readable({
      read() {
        this.push(Buffer.alloc(1024 * 1024, 0x61));
      },
    });
    const io = captureIo({ cwd: dir, stdin: endless });
    await expect(command(['nginx', '--dump', '-'], io)).rejects.toMatchObject({
      code: 'FD_ERR_NGINX_CONFIG',
      message: 'cannot read dump stdin: larger than 64 MiB, the limit for an nginx -T dump',
    });
    expect(endless.destroyed).toBe(true);
  });

  it('refuses a truncated dump instead of listing part of it', async () => {
    const dump =
      '# configuration file /srv/d/nginx.conf:\nhttp { server { listen 8080; server_name a.test; } }\n\n# configuration file /srv/d/b.conf:\nserver {';
    const io = captureIo({ cwd: dir, stdin: Readable.from([dump]) });
    await expect(command(['nginx', '--dump', '-'], io)).rejects.toMatchObject({
      code: 'FD_ERR_NGINX_CONFIG',
      message:
        'stdin: the nginx -T dump is cut short: it ends in /srv/d/b.conf without the line break nginx writes after every file; capture the whole output of nginx -T',
    });
  });
});
