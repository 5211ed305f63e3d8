import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../../errors.js';
import { loadNginxConfig } from './load-nginx-config.js';
import { createDiskConfigSource } from './nginx-config-source.js';
import type { NginxDirective } from './nginx-directive.js';
import { createDumpConfigSource } from './read-nginx-dump.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'frontdoor-discover-load-'));
  await mkdir(join(dir, 'sites'));
  await mkdir(join(dir, 'snippets'));
  await writeFile(
    join(dir, 'nginx.conf'),
    'events {}\nhttp {\n  include snippets/common.conf;\n  include sites/*.conf;\n  include none/*.conf;\n}\n',
  );
  await writeFile(join(dir, 'snippets', 'common.conf'), 'gzip on;\n');
  await writeFile(join(dir, 'snippets', 'tls.conf'), 'ssl_certificate "cert.pem";\n');
  await writeFile(join(dir, 'sites', 'b.conf'), 'server { server_name b; include snippets/tls.conf; }\n');
  await writeFile(join(dir, 'sites', 'a.conf'), 'server { server_name a; }\n');
  await writeFile(join(dir, 'sites', '.hidden.conf'), 'server { server_name hidden; }\n');
  await writeFile(join(dir, 'sites', 'a.conf.bak'), 'server { server_name backup; }\n');
  await symlink(join(dir, 'sites', 'a.conf'), join(dir, 'sites', 'z-link.conf'));
  await writeFile(join(dir, 'broken.conf'), 'http {\n  include missing.conf;\n}\n');
  await writeFile(join(dir, 'loop.conf'), 'include loop.conf;\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function names(directives: NginxDirective[]): string[] {
  return directives.flatMap((directive) => [
    directive.args.length > 0 ? `${directive.name} ${directive.args.join(' ')}` : directive.name,
    ...names(directive.block ?? []).map((name) => `  ${name}`),
  ]);
}

async function loadError(file: string): Promise<string> {
  try {
    await loadNginxConfig(join(dir, file), createDiskConfigSource());
  } catch (error) {
    if (isFrontdoorError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a load error');
}

describe('loadNginxConfig', () => {
  it('splices includes in place: relative to the main file, globs sorted, hidden files and non-matches skipped', async () => {
    const tree = await loadNginxConfig(join(dir, 'nginx.conf'), createDiskConfigSource());
    expect(names(tree.directives)).toEqual([
      'events',
      'http',
      '  gzip on',
      '  server',
      '    server_name a',
      '  server',
      '    server_name b',
      '    ssl_certificate cert.pem',
      '  server',
      '    server_name a',
    ]);
    expect(tree.files).toEqual([
      join(dir, 'nginx.conf'),
      join(dir, 'snippets', 'common.conf'),
      join(dir, 'sites', 'a.conf'),
      join(dir, 'sites', 'b.conf'),
      join(dir, 'snippets', 'tls.conf'),
      join(dir, 'sites', 'z-link.conf'),
    ]);
  });

  it('keeps the included file as the place of its directives', async () => {
    const tree = await loadNginxConfig(join(dir, 'nginx.conf'), createDiskConfigSource());
    const server = tree.directives[1]?.block?.[2];
    expect(server?.block?.[1]).toMatchObject({ file: join(dir, 'snippets', 'tls.conf'), line: 1, column: 1 });
  });

  it('names the include directive that cannot be read', async () => {
    expect(await loadError('broken.conf')).toBe(
      `${join(dir, 'broken.conf')}:2:3: cannot read include ${join(dir, 'missing.conf')}: ENOENT`,
    );
  });

  it('stops an include cycle', async () => {
    expect(await loadError('loop.conf')).toBe(
      `${join(dir, 'loop.conf')}:1:1: include cycle through ${join(dir, 'loop.conf')}`,
    );
  });

  it('reports a missing main file without a position', async () => {
    expect(await loadError('nope.conf')).toBe(`cannot read configuration ${join(dir, 'nope.conf')}: ENOENT`);
  });

  it('honours an explicit prefix for relative includes', async () => {
    const files = new Map([
      ['/conf/main.conf', 'include sub/x.conf;'],
      ['/prefix/sub/x.conf', 'worker_processes 1;'],
    ]);
    const source = createDumpConfigSource({ mainFile: '/conf/main.conf', files }, 'memory');
    const tree = await loadNginxConfig('/conf/main.conf', source, { prefix: '/prefix' });
    expect(names(tree.directives)).toEqual(['worker_processes 1']);
  });
});
