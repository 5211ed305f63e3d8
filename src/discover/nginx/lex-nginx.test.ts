import { describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../../errors.js';
import { lexNginx } from './lex-nginx.js';

const words = (text: string) => lexNginx(text, 't.conf').map((token) => token.text);

function lexError(text: string): string {
  try {
    lexNginx(text, 'bad.conf');
  } catch (error) {
    if (isFrontdoorError(error)) return `${error.code} ${error.message}`;
    throw error;
  }
  throw new Error('expected a lexer error');
}

describe('lexNginx', () => {
  it('splits words and punctuation with positions', () => {
    const tokens = lexNginx('server {\n  listen 80;\n}', 'a.conf');
    expect(tokens.map((token) => [token.kind, token.text, token.line, token.column])).toEqual([
      ['word', 'server', 1, 1],
      ['block-start', '{', 1, 8],
      ['word', 'listen', 2, 3],
      ['word', '80', 2, 10],
      ['semicolon', ';', 2, 12],
      ['block-end', '}', 3, 1],
    ]);
  });

  it('keeps ; { } # and newlines inside quotes and decodes nginx escapes only', () => {
    expect(words(`return 200 "a;{b}#c\\"d\\n";`)).toEqual(['return', '200', 'a;{b}#c"d\n', ';']);
    expect(words(`add_header X 'it\\'s \\d';`)).toEqual(['add_header', 'X', "it's \\d", ';']);
    expect(words('server_name "multi\nline";')).toEqual(['server_name', 'multi\nline', ';']);
  });

  it('marks quoted words', () => {
    const [, name] = lexNginx('server_name "~^www\\.(.+)$";', 'a.conf');
    expect(name).toMatchObject({ text: '~^www\\.(.+)$', quoted: true });
  });

  it('treats # as a comment only where a word starts', () => {
    expect(words('listen 80; # comment ; { }\nroot /a#b; #x')).toEqual([
      'listen',
      '80',
      ';',
      'root',
      '/a#b',
      ';',
    ]);
    expect(words('server#c\n{#c\nlisten#not-a-comment 80;}')).toEqual([
      'server#c',
      '{',
      'listen#not-a-comment',
      '80',
      ';',
      '}',
    ]);
  });

  it('keeps dollar-brace variables inside a word instead of opening a block', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${var} syntax, not a JS template
    const input = 'set $x "${host}a"; return 200 ${scheme}://x;';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx's own ${var} syntax, not a JS template
    const expected = ['set', '$x', '${host}a', ';', 'return', '200', '${scheme}://x', ';'];
    expect(words(input)).toEqual(expected);
  });

  it('keeps regex escapes in bare words and lets a backslash protect a space without decoding it', () => {
    expect(words('location ~ \\.php$ {')).toEqual(['location', '~', '\\.php$', '{']);
    // ngx_conf_read_token decodes only \" \' \\ \t \r \n; "\ " keeps the word whole and its backslash.
    expect(words('root /srv/a\\ b;')).toEqual(['root', '/srv/a\\ b', ';']);
  });

  it('accepts ) right after a quoted string, as in if conditions', () => {
    expect(words('if ($host = "a.example")  {')).toEqual(['if', '($host', '=', 'a.example', ')', '{']);
  });

  it('reports an unterminated quote at its opening position', () => {
    expect(lexError('events {}\nserver_name "open;\n}')).toBe(
      'FD_ERR_NGINX_CONFIG bad.conf:2:13: unterminated double quote',
    );
  });

  it('reports text glued to a closing quote', () => {
    expect(lexError('root "/a"b;')).toBe(
      'FD_ERR_NGINX_CONFIG bad.conf:1:10: unexpected "b" after a quoted string',
    );
  });
});
