import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { NGINX_404, NGINX_HEADERS } from '../fixtures/pages/nginx-pages.js';
import { diagnoseClientError } from './client-error.js';

describe('diagnoseClientError', () => {
  it.each([
    [404, 'Not Found', 'the path does not exist on the site that answered'],
    [401, 'Unauthorized', 'the path wants credentials'],
    [403, 'Forbidden', 'an access rule refused the probe'],
    [429, 'Too Many Requests', 'a rate limit refused the probe'],
    [410, 'Gone', 'read the access log'],
  ])('%i -> client_error', (status, statusText, next) => {
    const diagnosis = diagnoseClientError(
      buildContext({ status, statusText, headers: NGINX_HEADERS(153), body: NGINX_404 }),
    );
    expect(diagnosis?.verdict).toBe('client_error');
    expect(diagnosis?.layer).toBe('app');
    expect(diagnosis?.summary).toContain(
      `shop.example.com on web1 answered ${status} ${statusText} for /health: ${next}`,
    );
    expect(diagnosis?.evidence[0]).toMatch(
      new RegExp(`^answered ${status} ${statusText} in .* for GET /health, expected 200-399$`),
    );
  });

  it.each([
    ['an expected 401', 401, [401]],
    ['a 500', 500, undefined],
    ['a 200', 200, undefined],
  ])('stays silent for %s', (_, status, expected) => {
    const target =
      expected === undefined ? { origin: 'web1' } : { origin: 'web1', expect: { status: expected } };
    expect(diagnoseClientError(buildContext({ status }, target))).toBeUndefined();
  });

  it('says the port wants https when nginx answers plain HTTP on its ssl listen', () => {
    const body =
      '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';
    const diagnosis = diagnoseClientError(
      buildContext({ status: 400, statusText: 'Bad Request', headers: NGINX_HEADERS(body.length), body }),
    );
    expect(diagnosis?.verdict).toBe('client_error');
    expect(diagnosis?.summary).toContain('this port speaks TLS: probe it with https://');
    expect(diagnosis?.evidence).toContain('the body says "The plain HTTP request was sent to HTTPS port"');
  });
});
