import { classifyServerName } from './classify-server-name.js';
import { nginxErrorAt } from './lex-nginx.js';
import type { NginxDirective } from './nginx-directive.js';
import type { NginxServerName } from './nginx-inventory.js';

// Directives that follow server_name in real blocks: one of them among the names means the ";" after the
// last real name went missing and nginx took the next directive's words for names.
const NEXT_DIRECTIVES = new Set([
  'access_log',
  'add_header',
  'alias',
  'allow',
  'auth_basic',
  'charset',
  'client_max_body_size',
  'default_type',
  'deny',
  'error_log',
  'error_page',
  'expires',
  'fastcgi_pass',
  'gzip',
  'http2',
  'if',
  'include',
  'index',
  'keepalive_timeout',
  'listen',
  'location',
  'proxy_pass',
  'proxy_set_header',
  'return',
  'rewrite',
  'root',
  'server_name',
  'server_tokens',
  'set',
  'ssl',
  'ssl_certificate',
  'ssl_certificate_key',
  'ssl_ciphers',
  'ssl_protocols',
  'try_files',
]);

/**
 * The names of every `server_name` of a block, classified, with names that look like a mistake flagged:
 * nginx's own "suspicious symbols" warning (a "/"), and the words of a directive swallowed by a missing ";"
 * (`server_name shop.example.com` then `listen 80;` gives the names "listen" and "80"). nginx serves those
 * names as written, so they stay, flagged. A server_name that opens a block is nginx's "not terminated by
 * ';'" error.
 */
export function readServerNames(body: NginxDirective[]): NginxServerName[] {
  const names: NginxServerName[] = [];
  for (const directive of body) {
    if (directive.name !== 'server_name') continue;
    if (directive.block !== undefined) {
      throw nginxErrorAt(
        directive.file,
        directive.line,
        directive.column,
        'directive "server_name" is not terminated by ";"',
      );
    }
    let swallowed: string | undefined;
    directive.args.forEach((arg, index) => {
      const name = classifyServerName(arg);
      const previous = directive.args[index - 1];
      if (swallowed === undefined && index > 0 && NEXT_DIRECTIVES.has(arg.toLowerCase())) {
        swallowed = `"${arg}" looks like the next directive: is the ";" after "${previous ?? ''}" missing? (${directive.file}:${directive.line})`;
      }
      if (swallowed !== undefined) {
        names.push({ ...name, suspicious: swallowed });
      } else if (arg.includes('/')) {
        names.push({ ...name, suspicious: `server name "${arg}" has suspicious symbols, as nginx warns` });
      } else {
        names.push(name);
      }
    });
  }
  return names;
}
