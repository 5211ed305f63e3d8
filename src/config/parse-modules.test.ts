import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors.js';
import { parseConfig } from './parse-config.js';

function failureOf(text: string): { code: ErrorCode; message: string } {
  try {
    parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd', reader: 'serve' });
  } catch (error) {
    const { code, message } = error as { code: ErrorCode; message: string };
    return { code, message };
  }
  throw new Error('expected parseConfig to fail');
}

// A module as blackbox_exporter's own documentation and example.yml write them.
const BLACKBOX_MODULES = `modules:
  http_2xx:
    prober: http
  http_post_2xx:
    prober: http
    timeout: 5s
    http:
      method: POST
      headers:
        Content-Type: application/json
      body: '{}'
  http_2xx_example:
    prober: http
    timeout: 5s
    http:
      valid_http_versions: ["HTTP/1.1", "HTTP/2.0"]
      valid_status_codes: []  # Defaults to 2xx
      method: GET
      headers:
        Host: vhost.example.com
        Accept-Language: en-US
        Origin: example.com
      follow_redirects: true
      fail_if_ssl: false
      fail_if_not_ssl: false
      fail_if_body_matches_regexp:
        - "Could not connect to database"
      fail_if_body_not_matches_regexp:
        - "Download the latest version here"
      fail_if_header_matches: # Verifies that no cookies are set
        - header: Set-Cookie
          allow_missing: true
          regexp: '.*'
      fail_if_header_not_matches:
        - header: Access-Control-Allow-Origin
          regexp: '(\\*|example\\.com)'
      tls_config:
        insecure_skip_verify: false
        ca_file: certs/ca.pem
        server_name: vhost.example.com
      preferred_ip_protocol: "ip4" # defaults to "ip6"
      ip_protocol_fallback: false  # no fallback to "ip6"
      enable_http2: false
  http_no_follow:
    prober: http
    http:
      no_follow_redirects: true
      follow_redirects: true
`;

describe('parseConfig: modules', () => {
  it("reads blackbox_exporter's module shape with its defaults", () => {
    const { modules } = parseConfig(BLACKBOX_MODULES, 'conf/frontdoor.yaml', { cwd: '/srv/fd' });
    expect(Object.keys(modules ?? {})).toEqual([
      'http_2xx',
      'http_post_2xx',
      'http_2xx_example',
      'http_no_follow',
    ]);
    expect(modules?.http_2xx).toEqual({
      name: 'http_2xx',
      prober: 'http',
      http: {
        validStatusCodes: [],
        validHttpVersions: [],
        method: 'GET',
        headers: {},
        failIfSsl: false,
        failIfNotSsl: false,
        failIfBodyMatchesRegexp: [],
        failIfBodyNotMatchesRegexp: [],
        failIfHeaderMatches: [],
        failIfHeaderNotMatches: [],
        preferredIpProtocol: 'ip6',
        ipProtocolFallback: true,
        followRedirects: true,
        enableHttp2: true,
        tls: { insecureSkipVerify: false },
      },
    });
    expect(modules?.http_post_2xx?.timeoutMs).toBe(5000);
    expect(modules?.http_post_2xx?.http).toMatchObject({ method: 'POST', body: '{}' });
    const example = modules?.http_2xx_example?.http;
    expect(example).toMatchObject({
      validHttpVersions: ['HTTP/1.1', 'HTTP/2.0'],
      headers: { Host: 'vhost.example.com', 'Accept-Language': 'en-US', Origin: 'example.com' },
      preferredIpProtocol: 'ip4',
      ipProtocolFallback: false,
      tls: {
        insecureSkipVerify: false,
        caFile: '/srv/fd/conf/certs/ca.pem',
        serverName: 'vhost.example.com',
      },
    });
    expect(example?.failIfHeaderMatches).toEqual([
      { header: 'set-cookie', allowMissing: true, regexp: { original: '.*', source: '.*', flags: '' } },
    ]);
    expect(example?.failIfHeaderNotMatches[0]?.regexp.source).toBe('(\\*|example\\.com)');
    // blackbox's HTTP client offers HTTP/2 unless told not to.
    expect(example?.enableHttp2).toBe(false);
    expect(modules?.http_no_follow?.http.enableHttp2).toBe(true);
    // The deprecated key, when present, decides, as in blackbox.
    expect(modules?.http_no_follow?.http.followRedirects).toBe(false);
  });

  it('always has http_2xx, the module /probe falls back to, unless the file defines its own', () => {
    expect(Object.keys(parseConfig('sites: {}\n', 'frontdoor.yaml').modules ?? {})).toEqual(['http_2xx']);
    const own = parseConfig('modules:\n  http_2xx:\n    prober: http\n    timeout: 2s\n', 'frontdoor.yaml');
    expect(own.modules?.http_2xx?.timeoutMs).toBe(2000);
  });

  it.each<[string, string, string]>([
    [
      'another prober',
      'modules:\n  tcp_connect:\n    prober: tcp\n',
      "frontdoor.yaml:3:13: modules.tcp_connect.prober: prober 'tcp' is not supported: frontdoor probes http only; use blackbox_exporter for this module",
    ],
    [
      "another prober's section",
      'modules:\n  dns:\n    prober: http\n    dns:\n      query_name: example.com\n',
      "frontdoor.yaml:4:5: modules.dns.dns: 'dns' is a blackbox_exporter option frontdoor does not support: frontdoor probes http only; use blackbox_exporter for this module",
    ],
    [
      'basic_auth',
      'modules:\n  auth:\n    prober: http\n    http:\n      basic_auth: { username: u, password: p }\n',
      "frontdoor.yaml:5:7: modules.auth.http.basic_auth: 'basic_auth' is a blackbox_exporter option frontdoor does not support: send an Authorization header under headers instead",
    ],
    [
      'compression',
      'modules:\n  gz:\n    prober: http\n    http:\n      compression: gzip\n',
      "frontdoor.yaml:5:7: modules.gz.http.compression: 'compression' is a blackbox_exporter option frontdoor does not support: responses are read as sent; leave Accept-Encoding out of the headers",
    ],
    [
      'a client certificate',
      'modules:\n  mtls:\n    prober: http\n    http:\n      tls_config:\n        cert_file: client.pem\n',
      "frontdoor.yaml:6:9: modules.mtls.http.tls_config.cert_file: 'cert_file' is a blackbox_exporter option frontdoor does not support: client certificates are not sent",
    ],
    [
      'an enable_http2 that is not a boolean',
      'modules:\n  h2:\n    prober: http\n    http:\n      enable_http2: sometimes\n',
      'frontdoor.yaml:5:21: modules.h2.http.enable_http2: expected true or false',
    ],
    [
      'a typo',
      'modules:\n  m:\n    prober: http\n    http:\n      valid_status_code: [200]\n',
      "frontdoor.yaml:5:7: modules.m.http.valid_status_code: unknown key 'valid_status_code'; did you mean 'valid_status_codes'?",
    ],
    [
      'an IP protocol blackbox does not know',
      'modules:\n  m:\n    prober: http\n    http:\n      preferred_ip_protocol: ipv4\n',
      "frontdoor.yaml:5:30: modules.m.http.preferred_ip_protocol: 'ipv4' is not one of: ip4, ip6",
    ],
    [
      'a regular expression JavaScript would read differently',
      'modules:\n  m:\n    prober: http\n    http:\n      fail_if_body_matches_regexp: ["[[:alpha:]]+"]\n',
      "frontdoor.yaml:5:37: modules.m.http.fail_if_body_matches_regexp[0]: '[[:alpha:]]+': POSIX classes such as [[:alpha:]] cannot be used here",
    ],
    [
      // The same request writer as sites: a character latin1 would cut to CR LF must not reach the wire.
      'a header value latin1 would cut to CR LF (U+010D U+010A)',
      'modules:\n  m:\n    prober: http\n    http:\n      headers:\n        X-A: "a\u010d\u010aInjected: 1"\n',
      'frontdoor.yaml:6:14: modules.m.http.headers.X-A: header value: U+010D (character 2) does not fit in one byte: header values are sent as ASCII or Latin-1, and this one would be cut to another byte',
    ],
    [
      'a missing prober',
      'modules:\n  m:\n    timeout: 5s\n',
      "frontdoor.yaml:3:5: modules.m: missing required key 'prober'",
    ],
  ])('refuses %s with its position', (_, text, message) => {
    expect(failureOf(text)).toEqual({ code: 'FD_ERR_CONFIG_SCHEMA', message });
  });
});

describe('parseConfig: api.tokens', () => {
  const hash = `sha256:${'ab'.repeat(32)}`;
  const other = `sha256:${'cd'.repeat(32)}`;

  it('leaves api to serve: check ignores the section', () => {
    const text = 'api:\n  tokens:\n    - { name: broken, scope: nope }\n';
    expect(parseConfig(text, 'frontdoor.yaml').api).toEqual({ tokens: [] });
  });

  it('reads tokens, lower-casing the hash', () => {
    const config = parseConfig(
      `origins: { web1: 10.0.0.11 }\napi:\n  tokens:\n    - { name: grafana, scope: read, hash: "${hash.toUpperCase().replace('SHA256', 'sha256')}" }\n    - { name: web1-agent, scope: agent, origin: web1, hash: "${other}" }\n`,
      'frontdoor.yaml',
      { reader: 'serve' },
    );
    expect(config.api).toEqual({
      tokens: [
        { name: 'grafana', scope: 'read', hash },
        { name: 'web1-agent', scope: 'agent', origin: 'web1', hash: other },
      ],
    });
  });

  it.each<[string, string, string]>([
    [
      'a token where its hash belongs, without echoing it',
      'api:\n  tokens:\n    - { name: ci, scope: deploy, hash: fdt_supersecret }\n',
      "frontdoor.yaml:3:40: api.tokens[0].hash: not a token hash ('sha256:' and 64 hex digits); `frontdoor token hash` prints one",
    ],
    [
      'a token without a hash',
      'api:\n  tokens:\n    - { name: dashboard, scope: read }\n',
      "frontdoor.yaml:3:7: api.tokens[0]: missing required key 'hash'",
    ],
    [
      'an unknown scope',
      `api:\n  tokens:\n    - { name: x, scope: admin, hash: "${hash}" }\n`,
      "frontdoor.yaml:3:25: api.tokens[0].scope: 'admin' is not one of: read, write, agent, deploy",
    ],
    [
      'an agent token without its origin',
      `api:\n  tokens:\n    - { name: x, scope: agent, hash: "${hash}" }\n`,
      "frontdoor.yaml:3:7: api.tokens[0]: an agent token needs 'origin': the origin whose events it may push",
    ],
    [
      'an origin on another scope',
      `origins: { web1: 10.0.0.11 }\napi:\n  tokens:\n    - { name: x, scope: read, origin: web1, hash: "${hash}" }\n`,
      "frontdoor.yaml:4:39: api.tokens[0].origin: only agent tokens have an 'origin'",
    ],
    [
      'an unknown origin',
      `origins: { web1: 10.0.0.11 }\napi:\n  tokens:\n    - { name: x, scope: agent, origin: web9, hash: "${hash}" }\n`,
      "frontdoor.yaml:4:40: api.tokens[0].origin: unknown origin 'web9' (known: web1)",
    ],
    [
      'a name used twice',
      `api:\n  tokens:\n    - { name: x, scope: read, hash: "${hash}" }\n    - { name: x, scope: write, hash: "${other}" }\n`,
      "frontdoor.yaml:4:15: api.tokens[1].name: token name 'x' is used twice",
    ],
    [
      'one token under two names',
      `api:\n  tokens:\n    - { name: x, scope: read, hash: "${hash}" }\n    - { name: y, scope: write, hash: "${hash}" }\n`,
      "frontdoor.yaml:4:38: api.tokens[1].hash: the same token as 'x': give each client its own token",
    ],
  ])('refuses %s with its position', (_, text, message) => {
    const failure = failureOf(text);
    expect(failure).toEqual({ code: 'FD_ERR_CONFIG_SCHEMA', message });
    expect(failure.message).not.toContain('supersecret');
  });
});
