import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_READ_LIMIT } from '../fs/read-limits.js';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'frontdoor-config-'));
    await mkdir(join(root, 'conf', 'certs'), { recursive: true });
    await writeFile(
      join(root, 'conf', 'frontdoor.yaml'),
      'ca: [certs/private-ca.pem, ../shared/ca.pem, /etc/ssl/extra.pem]\nsites:\n  s:\n    url: https://a.example/\n',
    );
    await writeFile(join(root, 'conf', 'broken.yaml'), 'origins:\n  web1: [10.0.0.1\n');
    await writeFile(
      join(root, 'conf', 'typo.yaml'),
      'sites:\n  s:\n    url: https://a.example/\n    alias: [b]\n',
    );
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('resolves CA files against the configuration file, not the working directory', async () => {
    const config = await loadConfig('conf/frontdoor.yaml', root);
    expect(config.source).toBe(join(root, 'conf', 'frontdoor.yaml'));
    expect(config.ca).toEqual([
      join(root, 'conf', 'certs', 'private-ca.pem'),
      join(root, 'shared', 'ca.pem'),
      '/etc/ssl/extra.pem',
    ]);
  });

  it('reads an absolute path whatever the working directory', async () => {
    const config = await loadConfig(join(root, 'conf', 'frontdoor.yaml'), '/');
    expect(Object.keys(config.sites)).toEqual(['s']);
  });

  it('reports a missing file with FD_ERR_CONFIG_READ and the path as typed', async () => {
    await expect(loadConfig('./x.yaml', root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_READ',
      message: 'cannot read configuration ./x.yaml: no such file or directory (ENOENT)',
    });
  });

  it('shows an absolute path under the working directory relative to it', async () => {
    await expect(loadConfig(join(root, 'conf', 'nope.yaml'), root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_READ',
      message: `cannot read configuration ${join('conf', 'nope.yaml')}: no such file or directory (ENOENT)`,
    });
  });

  it('reports a directory with its errno code', async () => {
    await expect(loadConfig('conf', root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_READ',
      message: 'cannot read configuration conf: is a directory (EISDIR)',
    });
  });

  it('refuses a FIFO and /dev/zero with one line instead of blocking or filling memory', async () => {
    execFileSync('mkfifo', [join(root, 'conf', 'fifo.yaml')]);
    await expect(loadConfig('conf/fifo.yaml', root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_READ',
      message: 'cannot read configuration conf/fifo.yaml: not a regular file (a FIFO)',
    });
    await expect(loadConfig('/dev/zero', root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_READ',
      message: 'cannot read configuration /dev/zero: not a regular file (a character device)',
    });
  });

  it('refuses a configuration larger than its limit, naming the limit', async () => {
    await writeFile(join(root, 'conf', 'huge.yaml'), Buffer.alloc(CONFIG_READ_LIMIT.maxBytes + 1, 0x20));
    await expect(loadConfig('conf/huge.yaml', root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_READ',
      message:
        'cannot read configuration conf/huge.yaml: larger than 16 MiB, the limit for a frontdoor configuration',
    });
  });

  it('names syntax and schema errors by the path relative to the working directory', async () => {
    await expect(loadConfig('conf/broken.yaml', root)).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_SYNTAX',
      message: expect.stringMatching(/^conf\/broken\.yaml:\d+:\d+: bad YAML: /),
    });
    await expect(loadConfig('typo.yaml', join(root, 'conf'))).rejects.toMatchObject({
      code: 'FD_ERR_CONFIG_SCHEMA',
      message: "typo.yaml:4:5: sites.s.alias: unknown key 'alias'; did you mean 'aliases'?",
    });
  });
});
