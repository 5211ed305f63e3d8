import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { APACHE_DEFAULT_PAGE, APACHE_HEADERS } from '../fixtures/pages/apache-pages.js';
import { NGINX_HEADERS, NGINX_WELCOME } from '../fixtures/pages/nginx-pages.js';
import { diagnoseDefaultPage } from './default-page.js';

describe('diagnoseDefaultPage', () => {
  it.each([
    [
      'Welcome to nginx!',
      NGINX_HEADERS(615),
      NGINX_WELCOME,
      "web1 answered shop.example.com with nginx's stock default page",
    ],
    [
      'Apache2 Debian Default Page',
      APACHE_HEADERS(10_000),
      APACHE_DEFAULT_PAGE,
      "web1 answered shop.example.com with Apache's stock default page",
    ],
  ])('%s -> host_not_routed', (_, headers, body, summary) => {
    const diagnosis = diagnoseDefaultPage(buildContext({ status: 200, headers, body }));
    expect(diagnosis?.verdict).toBe('host_not_routed');
    expect(diagnosis?.summary).toContain(summary);
  });

  it('stays silent when the default page is what the target expects', () => {
    const ctx = buildContext(
      { status: 200, headers: NGINX_HEADERS(615), body: NGINX_WELCOME },
      { origin: 'web1', expect: { body: 'Welcome to nginx!' } },
    );
    expect(diagnoseDefaultPage(ctx)).toBeUndefined();
  });

  it("stays silent for the app's own page", () => {
    expect(diagnoseDefaultPage(buildContext({ status: 200, body: '{"status":"ok"}' }))).toBeUndefined();
  });
});
