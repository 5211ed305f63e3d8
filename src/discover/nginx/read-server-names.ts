import { classifyServerName } from './classify-server-name.js';
import { nginxErrorAt } from './lex-nginx.js';
import { looksLikeDirective } from './looks-like-directive.js';
import type { NginxDirective } from './nginx-directive.js';
import type { NginxServerName } from './nginx-inventory.js';

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
      if (swallowed === undefined && index > 0 && looksLikeDirective(arg)) {
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
