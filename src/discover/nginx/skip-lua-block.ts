/** Where a Lua block ends: the index of its closing "}", or why it never does (and where, when known). */
export type LuaBlockEnd =
  | { kind: 'closed'; end: number }
  | { kind: 'unclosed'; message: string; index?: number };

/** `[`, `[[`, `[==[`: the level of a long bracket opening at `at` (its count of "="), if one does. */
function longBracketLevel(text: string, at: number): number | undefined {
  if (text[at] !== '[') return undefined;
  let j = at + 1;
  while (text[j] === '=') j += 1;
  return text[j] === '[' ? j - at - 1 : undefined;
}

/** Index just past a one-line quoted Lua string starting at `at`, or undefined when it does not close on its line. */
function quotedStringEnd(text: string, at: number): number | undefined {
  const quote = text[at];
  for (let j = at + 1; j < text.length; j += 1) {
    const c = text[j];
    if (c === '\n') return undefined;
    if (c === '\\') {
      if (text[j + 1] === '\n' || j + 1 >= text.length) return undefined;
      j += 1;
      continue;
    }
    if (c === quote) return j + 1;
  }
  return undefined;
}

/**
 * Finds the "}" that closes a `*_by_lua_block` body starting at `start` (just after its "{"), reading the
 * body as lua-nginx-module's own lexer does (ngx_http_lua_conf_read_lua_token): braces count, except inside
 * "..." and '...' strings (one line each, backslash escapes), long strings `[==[ ... ]==]`, long comments
 * `--[[ ... ]]` and line comments `-- ...`. A quote that does not close on its line is an ordinary
 * character, as it is to that lexer.
 * @example skipLuaBlock('ngx.say("}") }', 0) // { kind: 'closed', end: 13 }
 */
export function skipLuaBlock(text: string, start: number): LuaBlockEnd {
  let depth = 1;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{') {
      depth += 1;
      i += 1;
      continue;
    }
    if (ch === '}') {
      depth -= 1;
      if (depth === 0) return { kind: 'closed', end: i };
      i += 1;
      continue;
    }
    const comment = ch === '-' && text[i + 1] === '-';
    const bracketAt = comment ? i + 2 : i;
    const level = longBracketLevel(text, bracketAt);
    if (level !== undefined) {
      const closing = `]${'='.repeat(level)}]`;
      const close = text.indexOf(closing, bracketAt + level + 2);
      if (close === -1) {
        return {
          kind: 'unclosed',
          message: `Lua code block missing the closing long bracket "${closing}"`,
          index: i,
        };
      }
      i = close + closing.length;
      continue;
    }
    if (comment) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      i = quotedStringEnd(text, i) ?? i + 1;
      continue;
    }
    i += 1;
  }
  return {
    kind: 'unclosed',
    message: 'unexpected end of file, expecting terminating characters for lua code block',
  };
}
