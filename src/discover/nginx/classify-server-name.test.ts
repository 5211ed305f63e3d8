import { describe, expect, it } from 'vitest';
import { classifyServerName, concreteHostname, serverNameMatches } from './classify-server-name.js';

describe('classifyServerName', () => {
  it.each([
    ['Shop.Example.com', 'exact', 'shop.example.com'],
    ['localhost', 'exact', 'localhost'],
    ['*.example.com', 'wildcard', '*.example.com'],
    ['.example.com', 'wildcard', '.example.com'],
    ['www.example.*', 'wildcard', 'www.example.*'],
    ['~^(?<sub>.+)\\.example\\.com$', 'regex', '~^(?<sub>.+)\\.example\\.com$'],
    ['_', 'placeholder', '_'],
    ['my_app.internal', 'exact', 'my_app.internal'],
    ['_dmarc.example.com', 'exact', '_dmarc.example.com'],
    ['10.0.0.5', 'exact', '10.0.0.5'],
    ['--', 'placeholder', '--'],
    ['!@#', 'placeholder', '!@#'],
    ['', 'placeholder', ''],
    ['$hostname', 'placeholder', '$hostname'],
  ])('%s is %s', (name, kind, normalised) => {
    expect(classifyServerName(name)).toEqual({ name: normalised, kind });
  });
});

describe('serverNameMatches', () => {
  it.each([
    ['shop.example.com', 'SHOP.example.com', true],
    ['shop.example.com', 'www.shop.example.com', false],
    ['*.example.com', 'a.b.example.com', true],
    ['*.example.com', 'example.com', false],
    ['.example.com', 'example.com', true],
    ['.example.com', 'www.example.com', true],
    ['.example.com', 'badexample.com', false],
    ['www.example.*', 'www.example.org', true],
    ['~^api-\\d+\\.example\\.com$', 'api-12.example.com', true],
    ['~^api-\\d+\\.example\\.com$', 'api-x.example.com', false],
    ['~^(?P<sub>\\w+)\\.example\\.net$', 'Shop.example.net', true],
    ['~^(unbalanced', 'anything', false],
    ['_', 'example.com', false],
  ])('%s vs %s: %s', (name, hostname, expected) => {
    expect(serverNameMatches(classifyServerName(name), hostname)).toBe(expected);
  });
});

describe('concreteHostname', () => {
  it('gives the name a visitor can be sent to, when there is one', () => {
    expect(concreteHostname(classifyServerName('shop.example.com.'))).toBe('shop.example.com');
    expect(concreteHostname(classifyServerName('.example.com'))).toBe('example.com');
    expect(concreteHostname(classifyServerName('*.example.com'))).toBeUndefined();
    expect(concreteHostname(classifyServerName('~^x$'))).toBeUndefined();
  });
});
