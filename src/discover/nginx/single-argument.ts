import { nginxErrorAt } from './lex-nginx.js';
import type { NginxDirective } from './nginx-directive.js';

/** A directive that takes exactly one argument; more usually means the ";" after it went missing. */
export function singleArgument(directive: NginxDirective): string {
  const [value, extra] = directive.args;
  if (value === undefined || extra !== undefined) {
    const hint = extra === undefined ? '' : ` (got "${extra}" too: a missing ";"?)`;
    throw nginxErrorAt(
      directive.file,
      directive.line,
      directive.column,
      `"${directive.name}" takes one argument${hint}`,
    );
  }
  return value;
}

/** The directives of a block with this name. */
export function childrenNamed(directives: NginxDirective[], name: string): NginxDirective[] {
  return directives.filter((directive) => directive.name === name);
}

/**
 * A flag directive (`ssl on;`, `http2 on;`) of one block: the place of the last one when it says on
 * (nginx keeps the last), null when the block turns it off, undefined when the block does not set it.
 */
export function readFlag(directives: NginxDirective[], name: string): NginxDirective | null | undefined {
  const last = childrenNamed(directives, name).at(-1);
  if (last === undefined) return undefined;
  return last.args[0]?.toLowerCase() === 'on' ? last : null;
}
