import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runBuiltCli } from '../cli/run-built-cli.js';

describe('frontdoor discover nginx, as installed', () => {
  let dir: string;

  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-discover-cli-'));
    await writeFile(join(dir, 'unbalanced.conf'), 'events {}\nhttp {\n  server {\n    listen 80;\n}\n');
    await writeFile(join(dir, 'quote.conf'), 'http {\n  server { server_name "shop.example.test; }\n}\n');
    await writeFile(join(dir, 'include.conf'), 'http {\n  include conf.d/site.conf;\n}\n');
    await writeFile(
      join(dir, 'nginx.conf'),
      'http {\n  server { listen 127.0.0.1:8080; server_name shop.example.test api.example.test; }\n}\n',
    );
    await writeFile(
      join(dir, 'frontdoor.yaml'),
      'sites:\n  shop:\n    url: http://shop.example.test:8080/\n',
    );
    await writeFile(
      join(dir, 'dump.txt'),
      `# configuration file ${join(dir, 'dumped.conf')}:\nhttp {\n  server {\n    listen 8080\n  }\n}\n\n`,
    );
  });

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const malformed: [string, (dir: string) => string][] = [
    [
      'unbalanced.conf',
      (d) => `${d}/unbalanced.conf:2:1: block "http" is never closed: unexpected end of file, expecting "}"`,
    ],
    ['quote.conf', (d) => `${d}/quote.conf:2:24: unterminated double quote`],
    [
      'include.conf',
      (d) =>
        `${d}/include.conf:2:3: cannot read include ${d}/conf.d/site.conf: no such file or directory (ENOENT)`,
    ],
  ];

  it.each(malformed)('%s: one line naming file and line, exit 2, no stack trace', async (file, expected) => {
    const run = await runBuiltCli(['discover', 'nginx', '--config', file], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${expected(dir)}\n`);
  });

  it('reports a malformed dump at the dumped file and line', async () => {
    const run = await runBuiltCli(['discover', 'nginx', '--dump', 'dump.txt'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${join(dir, 'dumped.conf')}:4:3: unexpected "}": directive "listen" (line 3) is missing its ";"\n`,
    );
  });

  it('exits 1 when a served hostname is never checked, naming it', async () => {
    const run = await runBuiltCli(
      ['discover', 'nginx', '--config', 'nginx.conf', '--against', 'frontdoor.yaml'],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`served but never checked: api.example.test (${join(dir, 'nginx.conf')}:2)`);
    expect(run.stdout).not.toContain('checked but not served');
  });
});
