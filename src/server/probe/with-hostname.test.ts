import { describe, expect, it } from 'vitest';
import { moduleFrom } from './module-fixture.test-helper.js';
import { withHostname } from './with-hostname.js';

describe('withHostname', () => {
  it("sets the Host header on a copy of the module, leaving the module's own untouched", () => {
    const module = moduleFrom('headers: { Accept: text/html }');
    const outcome = withHostname(module, 'shop.example.com');
    expect(outcome.ok && outcome.module.http.headers).toEqual({
      Accept: 'text/html',
      Host: 'shop.example.com',
    });
    expect(module.http.headers).toEqual({ Accept: 'text/html' });
  });

  it('accepts the same Host the module sets', () => {
    const outcome = withHostname(moduleFrom('headers: { host: shop.example.com }'), 'shop.example.com');
    expect(outcome.ok && outcome.module.http.headers).toEqual({ Host: 'shop.example.com' });
  });

  it("refuses a different one in blackbox's words", () => {
    expect(withHostname(moduleFrom('headers: { Host: a.example }'), 'b.example')).toEqual({
      ok: false,
      problem:
        "host header defined both in module configuration (a.example) and with URL-parameter 'hostname' (b.example)",
    });
  });
});
