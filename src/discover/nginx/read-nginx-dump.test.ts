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
    const dump = parseNginxDump(
      [
        '# configuration file /etc/nginx/nginx.conf:',
        'include extra.conf;',
        'include other.conf;',
        '',
        '# configuration file /etc/nginx/other.conf:',
        'events {}',
        '',
        '',
      ].join('\n'),
      'd',
    );
    await expect(loadNginxConfig(dump.mainFile, createDumpConfigSource(dump, 'dump d'))).rejects.toThrow(
      '/etc/nginx/nginx.conf:1:1: cannot read include /etc/nginx/extra.conf: ENOENT (not in the dump)',
    );
  });
});

describe('a truncated nginx -T dump', () => {
  const cut = (length: number) => DUMP.slice(0, length);
  const errorOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (isFrontdoorError(error)) return `${error.code} ${error.message}`;
      throw error;
    }
    return 'no error';
  };

  it('is refused when it ends without the line break nginx writes after every file', () => {
    const text = cut(DUMP.indexOf('    server_name shop.example.com;') + 20);
    expect(errorOf(() => parseNginxDump(text, 'stdin'))).toBe(
      'FD_ERR_NGINX_CONFIG stdin: the nginx -T dump is cut short: it ends in /etc/nginx/sites-enabled/shop without the line break nginx writes after every file; capture the whole output of nginx -T',
    );
  });

  it('is refused when its last file stops inside a block or a directive at a line break', () => {
    const insideBlock = cut(DUMP.indexOf('    server_name shop.example.com;') + 34);
    expect(errorOf(() => parseNginxDump(insideBlock, 'dump.txt'))).toBe(
      'FD_ERR_NGINX_CONFIG dump.txt: the nginx -T dump is cut short: its last file /etc/nginx/sites-enabled/shop ends inside block "server" (line 2); capture the whole output of nginx -T',
    );
    const insideDirective = '# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp { include\n';
    expect(errorOf(() => parseNginxDump(insideDirective, 'd'))).toContain(
      'its last file /etc/nginx/nginx.conf ends inside directive "include" (line 2)',
    );
  });

  it('is refused when cut at a file boundary: the next included file is missing after the last one', async () => {
    const text = cut(DUMP.indexOf('# configuration file /etc/nginx/conf.d/blog.conf:'));
    const dump = parseNginxDump(
      text.replace('include conf.d/*.conf;', 'include conf.d/blog.conf;'),
      'dump.txt',
    );
    await expect(loadNginxConfig(dump.mainFile, createDumpConfigSource(dump, 'dump.txt'))).rejects.toThrow(
      'dump.txt: the nginx -T dump is cut short: /etc/nginx/conf.d/blog.conf is included after its last file /etc/nginx/sites-enabled/shop but is not in it',
    );
  });

  it('is read whole when complete, even from a file that lacks its own final line break', () => {
    const text = '# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {}\n';
    expect([...parseNginxDump(text, 'd').files.values()]).toEqual(['events {}\nhttp {}']);
  });
});
