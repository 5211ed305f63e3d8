import { lexNginx, nginxErrorAt } from './lex-nginx.js';
import type { NginxDirective } from './nginx-directive.js';

interface OpenBlock {
  directive: NginxDirective | undefined;
  children: NginxDirective[];
}

/**
 * Parses one file of nginx configuration into directives (includes are left as `include` directives;
 * `loadNginxConfig` resolves them). Structural mistakes throw FD_ERR_NGINX_CONFIG naming file:line:column.
 * @example parseNginx('events {}\nhttp { server { listen 80; } }', 'nginx.conf')
 */
export function parseNginx(text: string, file: string): NginxDirective[] {
  const root: OpenBlock = { directive: undefined, children: [] };
  const stack: OpenBlock[] = [root];
  let pending: NginxDirective | undefined;

  for (const token of lexNginx(text, file)) {
    const current = stack[stack.length - 1] as OpenBlock;
    if (token.kind === 'word') {
      if (pending === undefined) {
        pending = { name: token.text, args: [], file, line: token.line, column: token.column };
      } else {
        pending.args.push(token.text);
      }
      continue;
    }
    if (token.kind === 'semicolon' || token.kind === 'block-start') {
      if (pending === undefined) {
        throw nginxErrorAt(
          file,
          token.line,
          token.column,
          `unexpected "${token.text}" with no directive before it`,
        );
      }
      current.children.push(pending);
      if (token.kind === 'block-start') {
        pending.block = [];
        stack.push({ directive: pending, children: pending.block });
      }
      pending = undefined;
      continue;
    }
    if (pending !== undefined) {
      throw nginxErrorAt(
        file,
        token.line,
        token.column,
        `unexpected "}": directive "${pending.name}" (line ${pending.line}) is missing its ";"`,
      );
    }
    if (current.directive === undefined) {
      throw nginxErrorAt(file, token.line, token.column, 'unexpected "}" with no open block');
    }
    stack.pop();
  }

  if (pending !== undefined) {
    throw nginxErrorAt(
      file,
      pending.line,
      pending.column,
      `directive "${pending.name}" is missing its ";" (unexpected end of file)`,
    );
  }
  const unclosed = stack[stack.length - 1]?.directive;
  if (unclosed !== undefined) {
    throw nginxErrorAt(
      file,
      unclosed.line,
      unclosed.column,
      `block "${unclosed.name}" is never closed: unexpected end of file, expecting "}"`,
    );
  }
  return root.children;
}
