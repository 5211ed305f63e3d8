// Directive names without an underscore that follow server_name in real blocks.
const PLAIN_DIRECTIVES = new Set([
  'aio',
  'alias',
  'allow',
  'autoindex',
  'break',
  'brotli',
  'charset',
  'deny',
  'directio',
  'etag',
  'expires',
  'gzip',
  'http2',
  'http3',
  'if',
  'include',
  'index',
  'internal',
  'listen',
  'location',
  'modsecurity',
  'pagespeed',
  'quic',
  'resolver',
  'return',
  'rewrite',
  'root',
  'satisfy',
  'sendfile',
  'set',
  'ssi',
  'ssl',
  'userid',
]);

// Module prefixes of the underscored directive names (ssl_stapling, proxy_set_header, limit_req, ...). A
// bare word such as "my_app" is a name nginx matches, so only these prefixes mark a directive.
const DIRECTIVE_PREFIX =
  /^(?:absolute|access|add|auth|brotli|chunked|client|default|error|etag|fastcgi|grpc|gzip|http2|http3|if|ignore|keepalive|large|limit|lingering|log|lua|max|merge|more|msie|open|port|postpone|proxy|quic|read|real|recursive|request|reset|resolver|satisfy|scgi|send|server|set|ssl|sub|tcp|try|types|underscores|uwsgi|valid)_[a-z0-9_]+$/;

/**
 * Whether a word in a server_name is the name of the next directive, swallowed through a missing ";":
 * one of the common plain ones (`listen`, `root`, `autoindex`) or an underscored one with a module
 * prefix (`ssl_stapling`, `proxy_pass`, `add_header`). Lower-case, as nginx's directive names are.
 * @example looksLikeDirective('ssl_stapling') // true
 */
export function looksLikeDirective(word: string): boolean {
  return PLAIN_DIRECTIVES.has(word) || DIRECTIVE_PREFIX.test(word) || word.endsWith('_by_lua_block');
}
