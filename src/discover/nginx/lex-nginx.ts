import { FrontdoorError } from '../../errors.js';

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

const SPACE = new Set([' ', '\t', '\r', '\n']);

/** The location prefix every error carries, so the operator can jump straight to the bad byte. */
export function nginxErrorAt(file: string, line: number, column: number, message: string): FrontdoorError {
  return new FrontdoorError('FD_ERR_NGINX_CONFIG', `${file}:${line}:${column}: ${message}`);
}

// Mirrors ngx_conf_read_token: the unescape step runs on every word, quoted or not, and only these
// escapes are decoded; everything else (regex `\.`, `\d`) stays as written.
function unescapeWord(raw: string): string {
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
 * Splits one file of nginx configuration into tokens with the rules nginx itself uses: `#` starts a comment
 * only where a word could start, quotes may hold `;{}#` and newlines, `${var}` keeps its brace inside the
 * word, a quoted word must be followed by a space, `;`, `{` or `)`. Malformed input throws
 * FD_ERR_NGINX_CONFIG "file:line:column: message".
 * @example lexNginx('listen 80;', 'a.conf') // [word listen, word 80, semicolon]
 */
export function lexNginx(text: string, file: string): NginxToken[] {
  const tokens: NginxToken[] = [];
  let line = 1;
  let column = 0;
  let i = 0;
  const advance = (): string | undefined => {
    const ch = text[i];
    i += 1;
    if (ch === '\n') {
      line += 1;
      column = 0;
    } else {
      column += 1;
    }
    return ch;
  };

  while (i < text.length) {
    const ch = advance() as string;
    if (SPACE.has(ch)) continue;
    const startLine = line;
    const startColumn = column;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance();
      continue;
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      const kind = ch === ';' ? 'semicolon' : ch === '{' ? 'block-start' : 'block-end';
      tokens.push({ kind, text: ch, quoted: false, line: startLine, column: startColumn });
      continue;
    }
    if (ch === '"' || ch === "'") {
      let raw = '';
      let closed = false;
      while (i < text.length) {
        const c = advance() as string;
        if (c === '\\' && i < text.length) {
          raw += c + (advance() as string);
          continue;
        }
        if (c === ch) {
          closed = true;
          break;
        }
        raw += c;
      }
      if (!closed) {
        throw nginxErrorAt(
          file,
          startLine,
          startColumn,
          `unterminated ${ch === '"' ? 'double' : 'single'} quote`,
        );
      }
      const follower = text[i];
      if (
        follower !== undefined &&
        !SPACE.has(follower) &&
        follower !== ';' &&
        follower !== '{' &&
        follower !== ')'
      ) {
        throw nginxErrorAt(file, line, column + 1, `unexpected "${follower}" after a quoted string`);
      }
      tokens.push({
        kind: 'word',
        text: unescapeWord(raw),
        quoted: true,
        line: startLine,
        column: startColumn,
      });
      continue;
    }
    let raw = ch;
    let afterDollar = ch === '$';
    if (ch === '\\' && i < text.length) raw += advance() as string;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '{' && afterDollar) {
        raw += advance() as string;
        afterDollar = false;
        continue;
      }
      if (SPACE.has(c) || c === ';' || c === '{') break;
      advance();
      afterDollar = c === '$';
      raw += c;
      if (c === '\\' && i < text.length) raw += advance() as string;
    }
    tokens.push({
      kind: 'word',
      text: unescapeWord(raw),
      quoted: false,
      line: startLine,
      column: startColumn,
    });
  }
  return tokens;
}
