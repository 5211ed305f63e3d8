import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectNginxTree } from './collect-nginx-tree.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'frontdoor-tree-'));
  await mkdir(join(dir, 'conf.d'));
  await mkdir(join(dir, 'sites-available'));
  await mkdir(join(dir, 'sites-enabled'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = (name: string, text: string) => writeFile(join(dir, name), text);

describe('collectNginxTree', () => {
  it('follows relative, absolute and glob includes at any depth, in nginx order, each file once', async () => {
    await write(
      'nginx.conf',
      `# include not-this.conf;\nevents {}\nhttp {\n  include mime.types;\n  include conf.d/*.conf;\n  include "${dir}/sites-enabled/*";\n}\n`,
    );
    await write('mime.types', 'types { text/html html; }\n');
    await write('conf.d/b.conf', 'upstream app { server 127.0.0.1:9000; }\n');
    await write('conf.d/a.conf', 'include mime.types;\n');
    await write('conf.d/.hidden.conf', 'ignored by glob\n');
    await write('sites-available/shop', 'server { listen 443; }\n');
    await symlink(join(dir, 'sites-available/shop'), join(dir, 'sites-enabled/shop'));
    const tree = await collectNginxTree(join(dir, 'nginx.conf'));
    expect(tree.files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'nginx.conf',
      'mime.types',
      'conf.d/a.conf',
      'conf.d/b.conf',
      'sites-enabled/shop',
    ]);
    expect(tree.files[4]?.content).toBe('server { listen 443; }\n');
    expect(tree.unreadable).toEqual([]);
  });

  it('keeps going past an unreadable include and a file that does not parse', async () => {
    await write('nginx.conf', 'include missing.conf;\ninclude broken.conf;\n');
    await write('broken.conf', 'http { include conf.d/x.conf;\n');
    await write('conf.d/x.conf', 'server {}\n');
    const tree = await collectNginxTree(join(dir, 'nginx.conf'));
    expect(tree.unreadable).toEqual([`${join(dir, 'missing.conf')}: no such file or directory (ENOENT)`]);
    expect(tree.parseErrors).toHaveLength(1);
    expect(tree.parseErrors[0]).toContain('broken.conf');
    expect(tree.files.map((f) => f.path)).toContain(join(dir, 'conf.d/x.conf'));
  });

  it('throws FD_ERR_NGINX_CONFIG when the main file cannot be read', async () => {
    await expect(collectNginxTree(join(dir, 'nope.conf'))).rejects.toMatchObject({
      code: 'FD_ERR_NGINX_CONFIG',
      message: `cannot read nginx configuration ${join(dir, 'nope.conf')}: no such file or directory (ENOENT)`,
    });
  });
});
