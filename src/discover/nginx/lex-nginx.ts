import { FrontdoorError } from '../../errors.js';
import { skipLuaBlock } from './skip-lua-block.js';

/** `word` is a directive name or argument; the others are nginx's three punctuation marks. */
export type NginxTokenKind = 'word' | 'block-start' | 'block-end' | 'semicolon';

export interface NginxToken {
  kind: NginxTokenKind;
  /** the word after nginx's unescaping (quotes removed, \" \' \\ \t \r \n decoded, other escapes kept) */
  text: string;
  /** true when the word was written in single or double quotes */
  quoted: boolean;
  line: number;
  column: number;
}

/** The location prefix every error carries, so the operator can jump straight to the bad byte. */
export function nginxErrorAt(file: string, line: number, column: number, message: string): FrontdoorError {
  return new FrontdoorError('FD_ERR_NGINX_CONFIG', `${file}:${line}:${column}: ${message}`);
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

// Mirrors ngx_conf_read_token: the unescape step runs on every word, quoted or not, and only these
// escapes are decoded; everything else (regex `\.`, `\d`) stays as written.
function unescapeWord(raw: string): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i];
    const next = raw[i + 1];
    if (ch === '\\' && next !== undefined) {
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i += 1;
        continue;
      }
      const decoded = next === 't' ? '\t' : next === 'r' ? '\r' : next === 'n' ? '\n' : undefined;
      if (decoded !== undefined) {
        out += decoded;
        i += 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/**
 * Directives whose block is Lua, not nginx syntax (lua-nginx-module and stream-lua-nginx-module:
 * `content_by_lua_block { ... }`, `set_by_lua_block $x { ... }`): the module reads the body itself.
 */
export function isLuaBlockDirective(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

/**
 * Splits one file of nginx configuration into tokens with the rules nginx itself uses: `#` starts a comment
 * only where a word could start, quotes may hold `;{}#` and newlines, `${var}` keeps its brace inside the
 * word, a quoted word must be followed by a space, `;`, `{` or `)`. The body of a `*_by_lua_block` is Lua:
 * it is skipped the way the lua module reads it and yields an empty block. Tokens are produced lazily, so
 * a caller that stops early (a directive limit) never holds the rest. Malformed input throws
 * FD_ERR_NGINX_CONFIG "file:line:column: message".
 * @example [...tokenizeNginx('listen 80;', 'a.conf')] // [word listen, word 80, semicolon]
 */
export function* tokenizeNginx(text: string, file: string): Generator<NginxToken> {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  // The first word of the statement being read: the directive a "{" opens a block for.
  let statement: string | undefined;
  const column = (at: number) => at - lineStart + 1;
  // Moves to `to`, counting the newlines passed over.
  // (Scanned char by char: indexOf would search past `to` to the end of a file without newlines.)
  const skipTo = (to: number) => {
    for (let j = i; j < to; j += 1) {
      if (text.charCodeAt(j) === 10) {
        line += 1;
        lineStart = j + 1;
      }
    }
    i = to;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\n') {
      line += 1;
      i += 1;
      lineStart = i;
      continue;
    }
    if (isSpace(ch)) {
      i += 1;
      continue;
    }
    const startLine = line;
    const startColumn = column(i);
    if (ch === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      continue;
    }
    if (ch === ';' || ch === '}') {
      yield {
        kind: ch === ';' ? 'semicolon' : 'block-end',
        text: ch,
        quoted: false,
        line,
        column: startColumn,
      };
      i += 1;
      statement = undefined;
      continue;
    }
    if (ch === '{') {
      yield { kind: 'block-start', text: ch, quoted: false, line, column: startColumn };
      i += 1;
      if (statement !== undefined && isLuaBlockDirective(statement)) {
        const close = skipLuaBlock(text, i);
        if (close.kind === 'unclosed') {
          // nginx names the directive's line for a block that never ends, the bracket for a long string.
          if (close.index === undefined) throw nginxErrorAt(file, startLine, startColumn, close.message);
          skipTo(close.index);
          throw nginxErrorAt(file, line, column(i), close.message);
        }
        skipTo(close.end);
        yield { kind: 'block-end', text: '}', quoted: false, line, column: column(i) };
        i += 1;
      }
      statement = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) {
        throw nginxErrorAt(
          file,
          startLine,
          startColumn,
          `unterminated ${ch === '"' ? 'double' : 'single'} quote`,
        );
      }
      const raw = text.slice(i + 1, j);
      skipTo(j + 1);
      const follower = text[i];
      if (
        follower !== undefined &&
        !isSpace(follower) &&
        follower !== ';' &&
        follower !== '{' &&
        follower !== ')'
      ) {
        throw nginxErrorAt(file, line, column(i), `unexpected "${follower}" after a quoted string`);
      }
      const word = unescapeWord(raw);
      statement ??= word;
      yield { kind: 'word', text: word, quoted: true, line: startLine, column: startColumn };
      continue;
    }
    let j = i + 1;
    let afterDollar = ch === '$';
    if (ch === '\\') j += 1;
    while (j < text.length) {
      const c = text[j] as string;
      if (c === '{' && afterDollar) {
        j += 1;
        afterDollar = false;
        continue;
      }
      if (isSpace(c) || c === ';' || c === '{') break;
      afterDollar = c === '$';
      j += c === '\\' ? 2 : 1;
    }
    const end = Math.min(j, text.length);
    const word = unescapeWord(text.slice(i, end));
    // A backslash may have escaped a newline inside the word.
    skipTo(end);
    statement ??= word;
    yield { kind: 'word', text: word, quoted: false, line: startLine, column: startColumn };
  }
}

/** Every token of one file at once; see tokenizeNginx. */
export function lexNginx(text: string, file: string): NginxToken[] {
  return [...tokenizeNginx(text, file)];
}
