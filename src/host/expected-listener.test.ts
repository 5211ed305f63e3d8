import { describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../errors.js';
import { expectedFromConfig, parseListenerFlag, parseListenerKey } from './expected-listener.js';

describe('parseListenerKey', () => {
  it.each([
    ['443', { kind: 'tcp', port: 443 }],
    ['127.0.0.1:8443', { kind: 'tcp', address: '127.0.0.1', port: 8443 }],
    ['[::1]:443', { kind: 'tcp', address: '::1', port: 443 }],
    ['[0:0:0:0:0:ffff:7f00:1]:80', { kind: 'tcp', address: '::ffff:127.0.0.1', port: 80 }],
    ['unix:/run/php/php8.2-fpm.sock', { kind: 'unix', path: '/run/php/php8.2-fpm.sock' }],
  ])('%s', (key, address) => {
    expect(parseListenerKey(key, '--listener')).toEqual(address);
  });

  it.each([
    ['0', "'0' is not a port"],
    ['70000', "'70000' is not a port"],
    ['localhost:80', 'not a hostname'],
    ['[nope]:80', "'nope' is not an IPv6 address"],
    ['unix:run/x.sock', 'must be absolute'],
  ])('rejects %s with one line naming where', (key, why) => {
    try {
      parseListenerKey(key, 'frontdoor.yaml: host.listeners');
      expect.unreachable();
    } catch (error) {
      expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_USAGE');
      expect((error as Error).message).toContain(`frontdoor.yaml: host.listeners: invalid listener '${key}'`);
      expect((error as Error).message).toContain(why);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('parseListenerFlag', () => {
  it('splits at the last "=" so a path may hold one', () => {
    expect(parseListenerFlag('unix:/run/a=b.sock=php-fpm')).toEqual({
      key: 'unix:/run/a=b.sock',
      address: { kind: 'unix', path: '/run/a=b.sock' },
      owner: 'php-fpm',
    });
  });

  it('requires an owner', () => {
    expect(() => parseListenerFlag('443')).toThrow(/names no owner/);
    expect(() => parseListenerFlag('443=')).toThrow(/names no owner/);
  });
});

describe('expectedFromConfig', () => {
  it('turns host.listeners into expectations in file order', () => {
    const expected = expectedFromConfig(
      { '443': 'nginx', 'unix:/run/php/php8.3-fpm.sock': 'php-fpm' },
      'fd.yaml',
    );
    expect(expected.map((e) => [e.key, e.owner, e.address.kind])).toEqual([
      ['443', 'nginx', 'tcp'],
      ['unix:/run/php/php8.3-fpm.sock', 'php-fpm', 'unix'],
    ]);
  });
});
