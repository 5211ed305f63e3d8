import { describe, expect, it } from 'vitest';
import { expandTargets } from './expand-targets.js';
import { parseConfig } from './parse-config.js';

function parse(text: string) {
  return parseConfig(text, 'frontdoor.yaml', { cwd: '/srv/fd' });
}

function failureOf(text: string): string {
  try {
    parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected parseConfig to fail');
}

const site = (url: string, lines: string): string =>
  `origins: { web1: 10.0.0.11 }\nsites:\n  api:\n    url: ${url}\n    origins: [web1]\n${lines}`;

describe('sites: http (the ALPN offer) and expect.http_version', () => {
  it('carries the offer and the expected version to every target of the site', () => {
    const config = parse(
      site('https://api.example.com/health', '    http: [h1, h2]\n    expect: { http_version: 2 }\n'),
    );
    expect(config.sites.api?.http).toEqual(['h1', 'h2']);
    expect(config.sites.api?.expect.httpVersion).toBe('2');
    const targets = expandTargets(config);
    expect(targets).toHaveLength(2);
    for (const target of targets) {
      expect(target.http).toEqual(['h1', 'h2']);
      expect(target.expect.httpVersions).toEqual(['HTTP/2.0']);
    }
  });

  it.each([
    ['h1', ['h1']],
    ['[h2]', ['h2']],
  ])('reads http: %s', (value, offer) => {
    expect(parse(site('https://api.example.com/', `    http: ${value}\n`)).sites.api?.http).toEqual(offer);
  });

  it.each([
    ['1.1', '1.1'],
    ['"HTTP/2"', '2'],
    ['1.0', '1.0'],
  ])('reads http_version: %s', (value, version) => {
    const config = parse(site('https://api.example.com/', `    expect: { http_version: ${value} }\n`));
    expect(config.sites.api?.expect.httpVersion).toBe(version);
  });

  it('leaves both out by default: targets offer what a browser offers', () => {
    const config = parse(site('https://api.example.com/', ''));
    expect(config.sites.api?.http).toBeUndefined();
    expect(expandTargets(config)[0]?.http).toBeUndefined();
  });

  it.each([
    [
      'an unknown protocol',
      'https://a.test/',
      '    http: [h3]\n',
      "frontdoor.yaml:6:12: sites.api.http[0]: 'h3' is not one of: h2, h1",
    ],
    [
      'a protocol offered twice',
      'https://a.test/',
      '    http: [h2, h2]\n',
      'each of h2 and h1 may be offered once',
    ],
    ['an empty offer', 'https://a.test/', '    http: []\n', 'must offer at least one of h2 and h1'],
    [
      'HTTP/2 alone on plain http',
      'http://a.test/',
      '    http: h2\n',
      'HTTP/2 is spoken over TLS only: a plain http:// URL must offer h1',
    ],
    [
      'HTTP/2 expected on plain http',
      'http://a.test/',
      '    expect: { http_version: 2 }\n',
      'a plain http:// URL cannot answer in it',
    ],
    [
      'HTTP/2 expected but not offered',
      'https://a.test/',
      '    http: h1\n    expect: { http_version: 2 }\n',
      'the site must answer in HTTP/2 but offers only h1: add h2 to http',
    ],
    [
      'an unknown version',
      'https://a.test/',
      '    expect: { http_version: 3 }\n',
      "'3' is not an HTTP version: use 2, 1.1 or 1.0",
    ],
  ])('refuses %s with its position', (_, url, lines, message) => {
    const failure = failureOf(site(url, lines));
    expect(failure).toMatch(/^frontdoor\.yaml:\d+:\d+: sites\.api/);
    expect(failure).toContain(message);
  });
});
