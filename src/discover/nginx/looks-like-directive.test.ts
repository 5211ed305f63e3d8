import { describe, expect, it } from 'vitest';
import { looksLikeDirective } from './looks-like-directive.js';

describe('looksLikeDirective', () => {
  it.each([
    'listen',
    'root',
    'autoindex',
    'sendfile',
    'ssl_stapling',
    'ssl_certificate_key',
    'proxy_set_header',
    'add_header',
    'limit_req',
    'client_max_body_size',
    'real_ip_header',
    'more_set_headers',
    'access_by_lua_block',
  ])('%s is a directive', (word) => {
    expect(looksLikeDirective(word)).toBe(true);
  });

  it.each(['my_app', 'my_app.internal', 'shop.example.com', 'localhost', '_', 'on', '80', 'api_v2'])(
    '%s is a name',
    (word) => {
      expect(looksLikeDirective(word)).toBe(false);
    },
  );
});
