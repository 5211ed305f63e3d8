import { nginxErrorAt, tokenizeNginx } from './lex-nginx.js';
import type { NginxDirective } from './nginx-directive.js';
import { createNginxBudget, formatCount, type NginxBudget } from './nginx-limits.js';

interface OpenBlock {
  directive: NginxDirective | undefined;
  children: NginxDirective[];
}

/**
 * Parses one file of nginx configuration into directives (includes are left as `include` directives;
 * `loadNginxConfig` resolves them). Structural mistakes throw FD_ERR_NGINX_CONFIG naming file:line:column,
 * and so does a file that passes the budget's directive count or nesting depth (shared across the files of
 * one tree).
 * @example parseNginx('events {}\nhttp { server { listen 80; } }', 'nginx.conf')
 */
export function parseNginx(
  text: string,
  file: string,
  budget: NginxBudget = createNginxBudget(),
): NginxDirective[] {
  const root: OpenBlock = { directive: undefined, children: [] };
  const stack: OpenBlock[] = [root];
  let pending: NginxDirective | undefined;
  const { maxDirectives, maxDepth } = budget.limits;

  for (const token of tokenizeNginx(text, file)) {
    const current = stack[stack.length - 1] as OpenBlock;
    if (token.kind === 'word') {
      if (pending === undefined) {
        budget.directives += 1;
        if (budget.directives > maxDirectives) {
          throw nginxErrorAt(
            file,
            token.line,
            token.column,
            `more than ${formatCount(maxDirectives)} directives, the limit discovery reads in one tree`,
          );
        }
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
        if (stack.length > maxDepth) {
          throw nginxErrorAt(
            file,
            token.line,
            token.column,
            `blocks nested more than ${maxDepth} deep, the limit discovery reads`,
          );
        }
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
