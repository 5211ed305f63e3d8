import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../errors.js';
import { parseConfig } from './parse-config.js';

/** Parses `text` as /srv/fd/frontdoor.yaml seen from /srv/fd and returns the thrown error's code and line. */
function failureOf(text: string): { code: ErrorCode; message: string } {
  try {
    parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd' });
  } catch (error) {
    const { code, message } = error as { code: ErrorCode; message: string };
    return { code, message };
  }
  throw new Error('expected parseConfig to fail');
}

describe('parseConfig: errors name file:line:column', () => {
  it.each<[string, string, ErrorCode, string]>([
    [
      'unknown origin, at the list item',
      'origins:\n  web1: 10.0.0.11\n  web2: 10.0.0.12\nsites:\n  shop:\n    url: https://shop.example.com/\n    origins: [web1, web3]\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:7:21: sites.shop.origins[1]: unknown origin 'web3' (known: web1, web2)",
    ],
    [
      'unknown origin when none are defined',
      'sites:\n  shop:\n    url: https://shop.example.com/\n    origins:\n      - web1\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:5:9: sites.shop.origins[0]: unknown origin 'web1' (no origins are defined)",
    ],
    [
      'an origin listed twice',
      'origins:\n  web1: 10.0.0.11\nsites:\n  shop:\n    url: https://shop.example.com/\n    origins: [web1, web1]\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:6:21: sites.shop.origins[1]: origin 'web1' is listed twice",
    ],
    [
      'host.origin that is not an origin',
      'origins:\n  web1: 10.0.0.11\nhost:\n  origin: web2\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:4:11: host.origin: unknown origin 'web2' (known: web1)",
    ],
    [
      'bad origin address',
      'origins:\n  web1: 10.0.0.999\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:2:9: origins.web1: '10.0.0.999' is not an address[:port]",
    ],
    [
      'origin named edge',
      'origins:\n  edge: 10.0.0.1\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:2:3: origins.edge: 'edge' is reserved for the path through the CDN; name the origin differently",
    ],
    [
      'origin name with a space',
      'origins:\n  "web 1": 10.0.0.1\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:2:3: origins["web 1"]: 'web 1' is not a usable name (letters, digits, '.', '_' and '-')`,
    ],
    [
      'unknown environment',
      'environments:\n  production: { alerts: page }\nsites:\n  shop:\n    url: https://a.example/\n    environment: prod\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:6:18: sites.shop.environment: unknown environment 'prod' (known: production)",
    ],
    [
      'missing alert policy',
      'environments:\n  production: {}\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:2:15: environments.production: missing required key 'alerts'",
    ],
    [
      'a typo in a key, with a suggestion',
      'sites:\n  shop:\n    url: https://a.example/\n    expectt: { status: 200 }\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:4:5: sites.shop.expectt: unknown key 'expectt'; did you mean 'expect'?",
    ],
    [
      'camelCase spelling of a snake_case key',
      'sites:\n  s:\n    url: https://a.example/\n    expect: { versionHeader: x }\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:4:15: sites.s.expect.versionHeader: unknown key 'versionHeader'; did you mean 'version_header'?",
    ],
    [
      'an unknown top-level key with nothing close',
      'origins: {}\ncolour: blue\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:2:1: colour: unknown key 'colour' (known here: environments, origins, resolve, sites, host, ca, modules, catch_all, watch, alerts, maintenance, api)",
    ],
    [
      'missing url',
      'sites:\n  shop:\n    origins: []\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:3:5: sites.shop: missing required key 'url'",
    ],
    [
      'an empty url',
      'sites:\n  shop:\n    url:\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:3:5: sites.shop.url: expected a string, but the value is empty',
    ],
    [
      'a non-http url',
      'sites:\n  shop:\n    url: ftp://a.example/\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:3:10: sites.shop.url: unsupported scheme "ftp" in "ftp://a.example/": use http or https',
    ],
    [
      'a url with credentials',
      'sites:\n  shop:\n    url: https://u:p@a.example/\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:3:10: sites.shop.url: 'https://u:p@a.example/' carries credentials; send them as a request header instead",
    ],
    [
      'a status out of range inside a list',
      'sites:\n  s:\n    url: https://a.example/\n    expect: { status: [200, 999] }\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:4:29: sites.s.expect.status[1]: 999 is not an HTTP status code (100-599)',
    ],
    [
      'a status that is not a number',
      'sites:\n  s:\n    url: https://a.example/\n    expect: { status: ok }\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:4:23: sites.s.expect.status: expected a status code or a list of them, e.g. 200 or [200, 301]',
    ],
    [
      'a version YAML would read as a number',
      'sites:\n  s:\n    url: https://a.example/\n    expect: { version: 1.10 }\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:4:24: sites.s.expect.version: expected a string, got the number 1.1; quote it so YAML keeps it as written',
    ],
    [
      'a bad duration',
      'sites:\n  s:\n    url: https://a.example/\n    expect:\n      max_latency: fast\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:5:20: sites.s.expect.max_latency: 'fast' is not a duration (e.g. 800ms, 2s, 1.5s, 1m, 1m30s)",
    ],
    [
      'a duration without its unit',
      'sites:\n  s:\n    url: https://a.example/\n    expect:\n      max_latency: 250\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:5:20: sites.s.expect.max_latency: '250' has no unit: write 250s for seconds or 250ms for milliseconds",
    ],
    [
      'a Host request header',
      'sites:\n  s:\n    url: https://a.example/\n    headers: { Host: x }\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:4:16: sites.s.headers.Host: the Host header comes from the URL; list other hostnames under aliases',
    ],
    [
      'a request header value with characters latin1 would cut to CR LF (U+010D U+010A)',
      'sites:\n  s:\n    url: https://a.example/\n    headers:\n      X-A: "ok\\u010d\\u010aX-Injected: 1"\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:5:12: sites.s.headers.X-A: header value: U+010D (character 3) does not fit in one byte: header values are sent as ASCII or Latin-1, and this one would be cut to another byte',
    ],
    [
      'a request header value with a line break',
      'sites:\n  s:\n    url: https://a.example/\n    headers: { X-A: "a\\r\\nX-B: 1" }\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:4:21: sites.s.headers.X-A: header value: U+000D (character 2) is a control character, which a header value must not hold (line breaks would start a new header)',
    ],
    [
      'expected headers that differ only in case',
      'sites:\n  s:\n    url: https://a.example/\n    expect:\n      headers: { X-A: "1", x-a: "2" }\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:5:28: sites.s.expect.headers.x-a: header 'x-a' is listed twice (names ignore case)",
    ],
    [
      'a bad alias',
      'sites:\n  s:\n    url: https://a.example/\n    aliases: ["bad host"]\n',
      'FD_ERR_CONFIG_SCHEMA',
      "frontdoor.yaml:4:15: sites.s.aliases[0]: 'bad host' is not a hostname",
    ],
    [
      'a resolve entry that is not an address',
      'resolve:\n  shop.internal: web1\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:2:18: resolve["shop.internal"]: 'web1' is not an IP address`,
    ],
    [
      'a resolve key that is no hostname',
      'resolve:\n  "bad host": 10.0.0.1\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:2:3: resolve["bad host"]: 'bad host' is not a hostname`,
    ],
    [
      'two resolve keys that are one name',
      'resolve:\n  shop.example: 10.0.0.1\n  Shop.Example.: 10.0.0.2\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:3:3: resolve["Shop.Example."]: 'Shop.Example.' is the same name as 'shop.example' (names ignore case and a trailing dot)`,
    ],
    [
      'a bad listener',
      'host:\n  listeners:\n    "99999": nginx\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:3:5: host.listeners["99999"]: invalid listener '99999': '99999' is not a port (1-65535) (expected PORT, IPV4:PORT, [IPV6]:PORT, unix:/PATH or unix:@NAME)`,
    ],
    [
      'a listener port with more than five digits, which frontdoor host would refuse',
      'host:\n  listeners:\n    "000443": nginx\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:3:5: host.listeners["000443"]: invalid listener '000443': '000443' is not a port (1-65535) (expected PORT, IPV4:PORT, [IPV6]:PORT, unix:/PATH or unix:@NAME)`,
    ],
    [
      'a hostname listener, which frontdoor host cannot match against /proc',
      'host:\n  listeners:\n    "localhost:80": nginx\n',
      'FD_ERR_CONFIG_SCHEMA',
      `frontdoor.yaml:3:5: host.listeners["localhost:80"]: invalid listener 'localhost:80': the address must be an IPv4 address or a bracketed IPv6 address, not a hostname (expected PORT, IPV4:PORT, [IPV6]:PORT, unix:/PATH or unix:@NAME)`,
    ],
    [
      'a list where a map belongs',
      'sites: [shop]\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:1:8: sites: expected a map, got a list',
    ],
    [
      'a document that is not a map',
      '- a\n- b\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:1:1: top level: expected a map, got a list',
    ],
    [
      'an empty file',
      '# nothing yet\n',
      'FD_ERR_CONFIG_SCHEMA',
      'frontdoor.yaml:1:1: the configuration is empty',
    ],
    [
      'a duplicate key',
      'origins:\n  web1: 10.0.0.1\n  web2: 10.0.0.2\n  web1: 10.0.0.3\n',
      'FD_ERR_CONFIG_SYNTAX',
      'frontdoor.yaml:4:3: origins.web1: duplicate key (first at line 2)',
    ],
    [
      'a duplicate key inside a flow map',
      'sites:\n  s:\n    url: https://a.example/\n    expect: { status: 200, status: 201 }\n',
      'FD_ERR_CONFIG_SYNTAX',
      'frontdoor.yaml:4:28: sites.s.expect.status: duplicate key (first at line 4)',
    ],
    [
      'a __proto__ key, which a plain object would swallow',
      'origins:\n  __proto__: 10.0.0.1\n',
      'FD_ERR_CONFIG_SYNTAX',
      "frontdoor.yaml:2:3: origins.__proto__: '__proto__' cannot be used as a key",
    ],
    [
      'a non-scalar key',
      'origins:\n  ? [a, b]\n  : 10.0.0.1\n',
      'FD_ERR_CONFIG_SYNTAX',
      'frontdoor.yaml:2:5: origins: keys must be plain names or numbers',
    ],
    [
      'a tab used for indentation',
      'sites:\n\tshop: {}\n',
      'FD_ERR_CONFIG_SYNTAX',
      'frontdoor.yaml:2:1: bad YAML: Tabs are not allowed as indentation',
    ],
    [
      'an unclosed quote',
      'origins:\n  web1: "10.0.0.1\n',
      'FD_ERR_CONFIG_SYNTAX',
      'frontdoor.yaml:3:1: bad YAML: Missing closing "quote',
    ],
    [
      'two documents',
      'origins: {}\n---\nsites: {}\n',
      'FD_ERR_CONFIG_SYNTAX',
      "frontdoor.yaml:2:1: bad YAML: more than one YAML document ('---'); frontdoor reads a single document",
    ],
  ])('%s', (_name, text, code, message) => {
    expect(failureOf(text)).toEqual({ code, message });
  });

  it('reports the problem that comes first in the file when there are several', () => {
    const text =
      'origins:\n  web1: 10.0.0.1\nsites:\n  b:\n    url: https://b.example/\n    origins: [nope]\n  a:\n    url: gopher://a/\n';
    expect(failureOf(text).message).toBe(
      'frontdoor.yaml:8:10: sites.a.url: unsupported scheme "gopher" in "gopher://a/": use http or https',
    );
  });

  it('ignores x- keys at the top level, so anchors can be shared, and locates errors through aliases', () => {
    const shared = 'x-strict: &strict\n  status: [200]\n  max_latency: 1s\n';
    const sites = 'sites:\n  a:\n    url: https://a.example/\n    expect: *strict\n';
    expect(parseConfig(shared + sites, 'f.yaml').sites.a?.expect).toEqual({
      status: [200],
      maxLatencyMs: 1_000,
    });
    expect(failureOf(shared.replace('1s', 'soon') + sites).message).toMatch(
      /^frontdoor\.yaml:3:16: sites\.a\.expect\.max_latency: 'soon' is not a duration/,
    );
    expect(failureOf('sites: {}\nexpect: {}\n').message).toBe(
      "frontdoor.yaml:2:1: expect: unknown key 'expect' (known here: environments, origins, resolve, sites, host, ca, modules, catch_all, watch, alerts, maintenance, api)",
    );
  });

  it('names the file by its absolute path when it lies outside the working directory', () => {
    expect(() => parseConfig('origins:\n  web1: nope!\n', '/etc/frontdoor.yaml', { cwd: '/srv/fd' })).toThrow(
      "/etc/frontdoor.yaml:2:9: origins.web1: 'nope!' is not an address[:port]",
    );
  });

  it('gives every message on one line', () => {
    const broken = ['sites:\n  shop:\n    url: [https://a\n', 'a: b: c\n', 'sites:\n  - a\n  b: 1\n', '"\n'];
    for (const text of broken) {
      const { code, message } = failureOf(text);
      expect(code).toBe('FD_ERR_CONFIG_SYNTAX');
      expect(message).toMatch(/^frontdoor\.yaml:\d+:\d+: bad YAML: [^\n]+$/);
    }
  });
});

describe('parseConfig for serve: alert policies', () => {
  it('refuses an environment naming an unknown policy, which check reads as a free label', () => {
    const text = 'environments:\n  production: { alerts: loud }\n';
    expect(() => parseConfig(text, 'frontdoor.yaml', { reader: 'serve' })).toThrow(
      "frontdoor.yaml:2:25: environments.production.alerts: unknown alert policy 'loud' (known: page, quiet)",
    );
    expect(parseConfig(text, 'frontdoor.yaml').environments.production?.alerts).toBe('loud');
  });
});
