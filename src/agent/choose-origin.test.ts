import { describe, expect, it } from 'vitest';
import type { OriginConfig } from '../config/config-types.js';
import { chooseOrigin } from './choose-origin.js';

const origins: Record<string, OriginConfig> = {
  web1: { name: 'web1', host: '10.0.0.11' },
  web2: { name: 'web2', host: '2001:db8::12', port: 8443 },
};
const host = { hostname: 'lb-7.example.com', addresses: ['127.0.0.1', '::1'] };

describe('chooseOrigin', () => {
  it.each([
    ['--origin first', { flag: 'web2', configured: 'web1', origins }, { origin: 'web2', how: '--origin' }],
    ['then host.origin', { configured: 'web1', origins }, { origin: 'web1', how: 'host.origin' }],
    [
      'then the short hostname',
      { origins, hostname: 'WEB1.example.com' },
      { origin: 'web1', how: 'hostname' },
    ],
    [
      'then an address of this host',
      { origins, addresses: ['127.0.0.1', '2001:db8::12'] },
      { origin: 'web2', how: 'address' },
    ],
    ['any name without a configuration', { flag: 'edge-3' }, { origin: 'edge-3', how: '--origin' }],
  ])('%s', (_name, clues, expected) => {
    expect(chooseOrigin({ ...host, ...clues })).toEqual({ ok: true, value: expected });
  });

  it.each([
    [
      'a name the configuration does not have',
      { flag: 'web3', origins },
      "--origin 'web3' is not among the configuration's origins (web1, web2)",
    ],
    ['a bad host.origin', { configured: 'web 1', origins }, "host.origin 'web 1' is not an origin name"],
    [
      'no way to tell',
      { origins },
      "cannot tell which origin this host is: hostname 'lb-7.example.com' and its addresses match none of the origins (web1, web2); pass --origin NAME or set host.origin",
    ],
    [
      'no configuration and no --origin',
      {},
      'without -c, --origin NAME is required (the origin this host is in the watch)',
    ],
  ])('refuses %s', (_name, clues, problem) => {
    expect(chooseOrigin({ ...host, ...clues })).toEqual({ ok: false, problem });
  });

  it('refuses to pick among several origins on one host', () => {
    const shared = { a: { name: 'a', host: '10.0.0.5' }, b: { name: 'b', host: '10.0.0.5', port: 8443 } };
    const outcome = chooseOrigin({ origins: shared, hostname: 'box', addresses: ['10.0.0.5'] });
    expect(outcome.ok === false && outcome.problem).toContain('match several origins (a, b)');
  });
});
