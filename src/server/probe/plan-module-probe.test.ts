import { describe, expect, it } from 'vitest';
import { moduleFrom } from './module-fixture.test-helper.js';
import { planModuleProbe } from './plan-module-probe.js';

function plan(target: string, httpBlock = '') {
  const outcome = planModuleProbe(target, moduleFrom(httpBlock));
  if (!outcome.ok) throw new Error(outcome.problem);
  return outcome.plan;
}

describe('planModuleProbe', () => {
  it('probes a URL as given, wherever DNS sends it, expecting 2xx', () => {
    const { request, target, serverName } = plan('https://shop.example.com/health?deep=1');
    // blackbox follows a redirect to plain http like any other, so the drop-in allows it.
    expect(request).toEqual({
      url: 'https://shop.example.com/health?deep=1',
      method: 'GET',
      headers: {},
      allowInsecureRedirect: true,
      http: ['h2', 'h1'],
    });
    expect(serverName).toBe('shop.example.com');
    expect(target.via).toBe('dns');
    expect(target.expect.status).toHaveLength(100);
    expect(target.expect.status?.[0]).toBe(200);
    expect(target.expect.status?.at(-1)).toBe(299);
  });

  it('offers h2 and http/1.1 as blackbox does by default, http/1.1 alone with enable_http2: false', () => {
    expect(plan('https://a.test/').request.http).toEqual(['h2', 'h1']);
    expect(plan('https://a.test/', 'enable_http2: true').request.http).toEqual(['h2', 'h1']);
    expect(plan('https://a.test/', 'enable_http2: false').request.http).toEqual(['h1']);
  });

  it('adds http:// to a bare host:port, as blackbox does', () => {
    expect(plan('127.0.0.1:8080/ok').request.url).toBe('http://127.0.0.1:8080/ok');
  });

  it('sends the Host header name as SNI to the target address', () => {
    const { request, target, serverName, host } = plan(
      'https://127.0.0.5:8443/health',
      'headers: { Host: shop.test }',
    );
    expect(serverName).toBe('shop.test');
    expect(host).toBe('127.0.0.5');
    expect(request).toEqual({
      url: 'https://127.0.0.5:8443/health',
      method: 'GET',
      serverName: 'shop.test',
      hostHeader: 'shop.test',
      headers: {},
      allowInsecureRedirect: true,
      http: ['h2', 'h1'],
    });
    expect(target.hostname).toBe('shop.test');
  });

  it("takes server_name for SNI, keeping the target's host as Host when no Host header is set", () => {
    const { request } = plan('https://[::1]:8443/', 'tls_config: { server_name: shop.test }');
    expect(request).toEqual({
      url: 'https://[::1]:8443/',
      method: 'GET',
      serverName: 'shop.test',
      headers: {},
      allowInsecureRedirect: true,
      http: ['h2', 'h1'],
    });
  });

  it('strips the port of a Host header for SNI', () => {
    const { request, serverName } = plan('https://127.0.0.5:8443/', 'headers: { Host: "shop.test:8443" }');
    expect(serverName).toBe('shop.test');
    expect(request.hostHeader).toBe('shop.test:8443');
  });

  it('sends the method, headers and body of the module', () => {
    const { request, target } = plan(
      'http://a.test/',
      "method: post\nheaders: { X-Probe: '1' }\nbody: '{\"a\":1}'",
    );
    expect(request).toMatchObject({ method: 'POST', headers: { 'X-Probe': '1' }, body: '{"a":1}' });
    expect(target.method).toBe('POST');
  });

  it("turns the module's checks into expectations", () => {
    const { target } = plan(
      'https://a.test/',
      [
        'valid_status_codes: [200, 301]',
        'valid_http_versions: ["HTTP/1.1"]',
        'fail_if_not_ssl: true',
        'fail_if_body_matches_regexp: ["(?i)error"]',
        'fail_if_body_not_matches_regexp: ["ok"]',
        'fail_if_header_matches: [{ header: Server, regexp: "^Apache", allow_missing: true }]',
      ].join('\n'),
    );
    expect(target.expect).toEqual({
      versionHeader: 'x-app-version',
      status: [200, 301],
      httpVersions: ['HTTP/1.1'],
      tls: true,
      bodyPatterns: [
        { shown: '(?i)error', source: 'error', flags: 'i', must: 'no_match' },
        { shown: 'ok', source: 'ok', flags: '', must: 'match' },
      ],
      headerPatterns: [
        {
          shown: '^Apache',
          source: '^Apache',
          flags: '',
          must: 'no_match',
          name: 'server',
          allowMissing: true,
        },
      ],
    });
  });

  it.each([
    ['http://', 'could not parse target URL'],
    ['http://[::1', 'could not parse target URL'],
    ['https://user:pw@a.test/', 'carries credentials'],
  ])('does not probe %j: %s', (target, problem) => {
    const outcome = planModuleProbe(target, moduleFrom());
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problem).toContain(problem);
  });
});
