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

  describe('Lua blocks', () => {
    const kinds = (text: string) =>
      lexNginx(text, 't.conf').map((token) => (token.kind === 'word' ? token.text : token.kind));

    it('skips a *_by_lua_block body by Lua rules: braces in strings, comments and long brackets do not count', () => {
      const text = [
        'location / {',
        '  content_by_lua_block {',
        `    local t = { a = { 1, 2 }, b = "}", c = '{' }  -- a comment with } and a don't`,
        '    local s = [[ } { ]] .. [==[ ]] } ]==]',
        '    --[[ a long comment }',
        '    still } the comment ]]',
        '    --[=[ } ]=] ngx.say("it\\"s }")',
        '    if x then ngx.say(#t) end',
        '  }',
        '  return 204;',
        '}',
      ].join('\n');
      expect(kinds(text)).toEqual([
        'location',
        '/',
        'block-start',
        'content_by_lua_block',
        'block-start',
        'block-end',
        'return',
        '204',
        'semicolon',
        'block-end',
      ]);
      const tokens = lexNginx(text, 't.conf');
      expect(tokens.find((token) => token.text === 'return')).toMatchObject({ line: 10, column: 3 });
      expect(tokens[5]).toMatchObject({ kind: 'block-end', line: 9, column: 3 });
    });

    it('reads arguments before the block (set_by_lua_block $var) and any *_by_lua_block name', () => {
      expect(kinds('set_by_lua_block $x { return "{" }\nbalancer_by_lua_block { b:go() } x;')).toEqual([
        'set_by_lua_block',
        '$x',
        'block-start',
        'block-end',
        'balancer_by_lua_block',
        'block-start',
        'block-end',
        'x',
        'semicolon',
      ]);
    });

    it('treats a quote that does not close on its line as a plain character, as the lua module does', () => {
      expect(kinds("access_by_lua_block {\n  -- x\n  local a = 'b\n}\nlisten 80;")).toEqual([
        'access_by_lua_block',
        'block-start',
        'block-end',
        'listen',
        '80',
        'semicolon',
      ]);
    });

    it('reports a Lua block that never ends, and a long bracket that never closes', () => {
      expect(lexError('http {\n  init_by_lua_block {\n    local t = {\n}\n')).toBe(
        'FD_ERR_NGINX_CONFIG bad.conf:2:21: unexpected end of file, expecting terminating characters for lua code block',
      );
      expect(lexError('init_by_lua_block {\n  x = [==[ never ]]\n}')).toBe(
        'FD_ERR_NGINX_CONFIG bad.conf:2:7: Lua code block missing the closing long bracket "]==]"',
      );
    });

    it('keeps nginx rules for a block that is not Lua', () => {
      expect(() => lexNginx('location / { return 200 "}; }', 'a.conf')).toThrow('unterminated double quote');
    });
  });
});
