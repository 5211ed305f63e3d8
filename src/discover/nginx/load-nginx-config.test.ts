import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../../errors.js';
import { loadNginxConfig } from './load-nginx-config.js';
import { createDiskConfigSource, type NginxConfigSource } from './nginx-config-source.js';
import type { NginxDirective } from './nginx-directive.js';
import { NGINX_LIMITS, type NginxLimits } from './nginx-limits.js';
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
      `${join(dir, 'broken.conf')}:2:3: cannot read include ${join(dir, 'missing.conf')}: no such file or directory (ENOENT)`,
    );
  });

  it('stops an include cycle', async () => {
    expect(await loadError('loop.conf')).toBe(
      `${join(dir, 'loop.conf')}:1:1: include cycle through ${join(dir, 'loop.conf')}`,
    );
  });

  it('reports a missing main file without a position', async () => {
    expect(await loadError('nope.conf')).toBe(
      `cannot read configuration ${join(dir, 'nope.conf')}: no such file or directory (ENOENT)`,
    );
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

  describe('limits', () => {
    const memory = (files: Record<string, string>) =>
      createDumpConfigSource({ mainFile: '/m/main.conf', files: new Map(Object.entries(files)) }, 'memory');
    const failure = async (source: NginxConfigSource, limits?: NginxLimits) => {
      try {
        await loadNginxConfig('/m/main.conf', source, limits === undefined ? {} : { limits });
      } catch (error) {
        if (isFrontdoorError(error)) return `${error.code} ${error.message}`;
        throw error;
      }
      return 'no error';
    };

    it('reads 130,000 directives from one include without overflowing the call stack', async () => {
      const big = 'gzip on;\n'.repeat(130_000);
      const tree = await loadNginxConfig(
        '/m/main.conf',
        memory({ '/m/main.conf': 'http { include big.conf; }', '/m/big.conf': big }),
      );
      expect(tree.directives[0]?.block).toHaveLength(130_000);
    });

    it('stops an include fan-out at the include limit instead of splicing 2^30 files', async () => {
      // Every level includes the next one twice: level 30 would be read 2^30 times.
      const files: Record<string, string> = { '/m/main.conf': 'include l1.conf;' };
      for (let level = 1; level <= 30; level += 1) {
        files[`/m/l${level}.conf`] = `include l${level + 1}.conf; include l${level + 1}.conf;`;
      }
      files['/m/l31.conf'] = 'gzip on;';
      expect(await failure(memory(files))).toMatch(
        /^FD_ERR_NGINX_CONFIG \/m\/l\d+\.conf:1:\d+: more than 100,000 includes followed, the limit discovery reads \(an include fan-out\?\)$/,
      );
    });

    it('counts directives as spliced, so small files included many times cannot grow the tree past the limit', async () => {
      const limits = { ...NGINX_LIMITS, maxDirectives: 10 };
      expect(
        await failure(
          memory({
            '/m/main.conf': 'include x.conf; include x.conf; include x.conf;',
            '/m/x.conf': 'a; b; c;',
          }),
          limits,
        ),
      ).toBe(
        'FD_ERR_NGINX_CONFIG /m/x.conf:1:4: more than 10 directives, the limit discovery reads in one tree',
      );
    });

    it('stops at the directive limit and the nesting limit, naming them', async () => {
      const limits = { ...NGINX_LIMITS, maxDirectives: 5, maxDepth: 3 };
      expect(
        await failure(memory({ '/m/main.conf': 'a;b;\ninclude x.conf;', '/m/x.conf': 'c; d;\ne;' }), limits),
      ).toBe(
        'FD_ERR_NGINX_CONFIG /m/x.conf:2:1: more than 5 directives, the limit discovery reads in one tree',
      );
      expect(await failure(memory({ '/m/main.conf': 'a { b { c { d { } } } }' }), limits)).toBe(
        'FD_ERR_NGINX_CONFIG /m/main.conf:1:15: blocks nested more than 3 deep, the limit discovery reads',
      );
      // Across files: a block in main holding an include whose blocks go deeper still.
      expect(
        await failure(
          memory({ '/m/main.conf': 'a { b { include x.conf; } }', '/m/x.conf': 'c { d { } }' }),
          limits,
        ),
      ).toBe('FD_ERR_NGINX_CONFIG /m/x.conf:1:5: blocks nested more than 3 deep, the limit discovery reads');
    });

    it('stops a tree whose files add up past the byte limit', async () => {
      const limits = { ...NGINX_LIMITS, maxTotalBytes: 20 };
      expect(
        await failure(
          memory({ '/m/main.conf': 'include x.conf;', '/m/x.conf': 'gzip on; gzip off;' }),
          limits,
        ),
      ).toBe(
        'FD_ERR_NGINX_CONFIG /m/main.conf:1:1: /m/x.conf takes the tree past 20 bytes over all its files, the limit discovery reads',
      );
    });

    it('refuses a FIFO and /dev/zero as includes in one line each', async () => {
      const fifo = join(dir, 'fifo.conf');
      execFileSync('mkfifo', [fifo]);
      await writeFile(join(dir, 'fifo-main.conf'), `include ${fifo};\ninclude /dev/zero;\n`);
      expect(await loadError('fifo-main.conf')).toBe(
        `${join(dir, 'fifo-main.conf')}:1:1: cannot read include ${fifo}: not a regular file (a FIFO)`,
      );
      await writeFile(join(dir, 'zero-main.conf'), 'include /dev/zero;\n');
      expect(await loadError('zero-main.conf')).toBe(
        `${join(dir, 'zero-main.conf')}:1:1: cannot read include /dev/zero: not a regular file (a character device)`,
      );
    });
  });
});
