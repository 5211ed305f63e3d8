import { describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../../errors.js';
import { loadNginxConfig } from './load-nginx-config.js';
import { createDumpConfigSource, parseNginxDump } from './read-nginx-dump.js';

// Shaped like real `nginx -T 2>&1` output: stderr chatter first, each file followed by one extra newline.
const DUMP = [
  'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
  '# configuration file /etc/nginx/nginx.conf:',
  'events {}',
  'http {',
  '    include /etc/nginx/sites-enabled/*;',
  '    include conf.d/*.conf;',
  '}',
  '',
  '# configuration file /etc/nginx/sites-enabled/shop:',
  '# a comment that is part of the file',
  'server {',
  '    server_name shop.example.com;',
  '}',
  '',
  '# configuration file /etc/nginx/conf.d/blog.conf:',
  'server {',
  '    server_name blog.example.com',
  '}',
  '',
  '',
].join('\n');

describe('parseNginxDump', () => {
  it('splits the dump into files and takes the first as the main file', () => {
    const dump = parseNginxDump(DUMP, 'dump.txt');
    expect(dump.mainFile).toBe('/etc/nginx/nginx.conf');
    expect([...dump.files.keys()]).toEqual([
      '/etc/nginx/nginx.conf',
      '/etc/nginx/sites-enabled/shop',
      '/etc/nginx/conf.d/blog.conf',
    ]);
    expect(dump.files.get('/etc/nginx/sites-enabled/shop')).toBe(
      '# a comment that is part of the file\nserver {\n    server_name shop.example.com;\n}\n',
    );
  });

  it('refuses text without any configuration file header', () => {
    expect(() => parseNginxDump('nginx: [emerg] unknown directive', 'stdin')).toThrow(
      'stdin: not an nginx -T dump: no "# configuration file PATH:" header',
    );
  });

  it('resolves includes against the dumped files and keeps each file its own line numbers', async () => {
    const dump = parseNginxDump(DUMP, 'dump.txt');
    const source = createDumpConfigSource(dump, 'dump dump.txt');
    try {
      await loadNginxConfig(dump.mainFile, source);
      throw new Error('expected the missing ";" to be reported');
    } catch (error) {
      if (!isFrontdoorError(error)) throw error;
      expect(error.message).toBe(
        '/etc/nginx/conf.d/blog.conf:3:1: unexpected "}": directive "server_name" (line 2) is missing its ";"',
      );
    }
  });

  it('reports an include the dump does not hold', async () => {
    const dump = parseNginxDump('# configuration file /etc/nginx/nginx.conf:\ninclude extra.conf;\n', 'd');
    await expect(loadNginxConfig(dump.mainFile, createDumpConfigSource(dump, 'dump d'))).rejects.toThrow(
      '/etc/nginx/nginx.conf:1:1: cannot read include /etc/nginx/extra.conf: ENOENT (not in the dump)',
    );
  });
});
