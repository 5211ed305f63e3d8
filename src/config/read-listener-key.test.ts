import { describe, expect, it } from 'vitest';
import { parseListenerKey } from '../host/expected-listener.js';
import { parseConfig } from './parse-config.js';
import { readListenerKey } from './read-listener-key.js';

// Each key is judged by config validation and by frontdoor host; the two must always agree.
const ACCEPTED = [
  ['443', { kind: 'tcp', port: 443 }],
  ['127.0.0.1:8443', { kind: 'tcp', address: '127.0.0.1', port: 8443 }],
  ['[::1]:443', { kind: 'tcp', address: '::1', port: 443 }],
  ['[0:0:0:0:0:ffff:7f00:1]:80', { kind: 'tcp', address: '::ffff:127.0.0.1', port: 80 }],
  ['unix:/run/php/php8.2-fpm.sock', { kind: 'unix', path: '/run/php/php8.2-fpm.sock' }],
  ['unix:@tailscaled', { kind: 'unix', path: '@tailscaled' }],
] as const;

const REFUSED = [
  ['0', "'0' is not a port"],
  ['000443', "'000443' is not a port"],
  ['localhost:80', 'not a hostname'],
  ['shop.example.com:443', 'not a hostname'],
  ['[nope]:80', "'nope' is not an IPv6 address"],
  ['[::1]', 'needs ":PORT" after it'],
  ['::1', 'goes in brackets with a port, like [::1]:443'],
  ['127.0.0.1:99999', "'99999' is not a port"],
  ['unix:run/x.sock', 'must be absolute'],
  ['unix:/', 'path is empty'],
  ['unix:@', 'path is empty'],
  ['unix:', 'must be absolute'],
] as const;

function configWith(key: string) {
  return parseConfig(`host:\n  listeners:\n    ${JSON.stringify(key)}: nginx\n`, 'frontdoor.yaml');
}

describe('readListenerKey', () => {
  it.each(ACCEPTED)('accepts %s in config and in frontdoor host alike', (key, address) => {
    expect(readListenerKey(key)).toEqual({ ok: true, value: address });
    expect(parseListenerKey(key, '--listener')).toEqual(address);
    expect(configWith(key).host?.listeners).toEqual({ [key]: 'nginx' });
  });

  it.each(REFUSED)('refuses %s in config and in frontdoor host alike', (key, why) => {
    const outcome = readListenerKey(key);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem).toContain(why);
    expect(() => parseListenerKey(key, '--listener')).toThrow(why);
    expect(() => configWith(key)).toThrow(`host.listeners[${JSON.stringify(key)}]: invalid listener`);
  });
});
