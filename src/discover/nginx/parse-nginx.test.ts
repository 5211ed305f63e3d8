import { describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../../errors.js';
import type { NginxDirective } from './nginx-directive.js';
import { parseNginx } from './parse-nginx.js';

function shape(directives: NginxDirective[]): unknown[] {
  return directives.map((directive) =>
    directive.block === undefined
      ? [directive.name, ...directive.args]
      : [directive.name, ...directive.args, shape(directive.block)],
  );
}

function parseError(text: string): string {
  try {
    parseNginx(text, '/etc/nginx/bad.conf');
  } catch (error) {
    if (isFrontdoorError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('parseNginx', () => {
  it('nests http, server, location, if, map, types, upstream and events blocks', () => {
    const text = `
events { worker_connections 10; }
http {
  types { text/html html htm; }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; ~^(?<v>\\d+)$ x$v; }
  upstream app { server unix:/run/app.sock; }
  server {
    listen 80;
    location / {
      if ($request_method = POST) { return 405; }
      location ~* \\.(png|jpg)$ { expires 1d; }
    }
  }
}
stream { server { listen 5432; proxy_pass db; } }`;
    expect(shape(parseNginx(text, 'n.conf'))).toEqual([
      ['events', [['worker_connections', '10']]],
      [
        'http',
        [
          ['types', [['text/html', 'html', 'htm']]],
          [
            'map',
            '$http_upgrade',
            '$connection_upgrade',
            [
              ['default', 'upgrade'],
              ['', 'close'],
              ['~^(?<v>\\d+)$', 'x$v'],
            ],
          ],
          ['upstream', 'app', [['server', 'unix:/run/app.sock']]],
          [
            'server',
            [
              ['listen', '80'],
              [
                'location',
                '/',
                [
                  ['if', '($request_method', '=', 'POST)', [['return', '405']]],
                  ['location', '~*', '\\.(png|jpg)$', [['expires', '1d']]],
                ],
              ],
            ],
          ],
        ],
      ],
      [
        'stream',
        [
          [
            'server',
            [
              ['listen', '5432'],
              ['proxy_pass', 'db'],
            ],
          ],
        ],
      ],
    ]);
  });

  it('records file, line and column of each directive', () => {
    const [http] = parseNginx('\nhttp {\n    server_name a;\n}', 'x.conf');
    expect(http?.block?.[0]).toMatchObject({ name: 'server_name', file: 'x.conf', line: 3, column: 5 });
  });

  it('keeps comments in odd places out of the tree', () => {
    const text = 'server # a\n{ # b\n listen # c\n 80 # d\n ; # e\n} # f';
    expect(shape(parseNginx(text, 'c.conf'))).toEqual([['server', [['listen', '80']]]]);
  });

  it('names the directive missing its ";" before a closing brace', () => {
    expect(parseError('http {\n  server { return 200 }\n}')).toBe(
      '/etc/nginx/bad.conf:2:23: unexpected "}": directive "return" (line 2) is missing its ";"',
    );
  });

  it('reports an unclosed block where it opened', () => {
    expect(parseError('http {\n  server {\n    listen 80;\n  }\n')).toBe(
      '/etc/nginx/bad.conf:1:1: block "http" is never closed: unexpected end of file, expecting "}"',
    );
  });

  it('reports a stray closing brace and a directive cut off by end of file', () => {
    expect(parseError('events {}\n}')).toBe('/etc/nginx/bad.conf:2:1: unexpected "}" with no open block');
    expect(parseError('events {}\nworker_processes 2')).toBe(
      '/etc/nginx/bad.conf:2:1: directive "worker_processes" is missing its ";" (unexpected end of file)',
    );
    expect(parseError('http { ; }')).toBe(
      '/etc/nginx/bad.conf:1:8: unexpected ";" with no directive before it',
    );
  });
});
