import { describe, expect, it } from 'vitest';
import { normalizeHostsName, parseHostsFile } from './parse-hosts-file.js';

describe('parseHostsFile', () => {
  it('maps every name and alias to its addresses in file order, case and trailing dot aside', () => {
    const table = parseHostsFile(
      [
        '# static table',
        '127.0.0.1\tlocalhost',
        '::1     localhost ip6-localhost   # the IPv6 one',
        '10.0.0.11 web1.lan Web1 shop.internal.',
        '10.0.0.12 web2.lan shop.internal',
        '10.0.0.11 web1.lan',
        '',
      ].join('\n'),
    );
    expect(table.get('localhost')).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    expect(table.get('web1')).toEqual([{ address: '10.0.0.11', family: 4 }]);
    expect(table.get('web1.lan')).toEqual([{ address: '10.0.0.11', family: 4 }]);
    expect(table.get('shop.internal')).toEqual([
      { address: '10.0.0.11', family: 4 },
      { address: '10.0.0.12', family: 4 },
    ]);
  });

  it('skips lines without a name or whose first field is no address', () => {
    const table = parseHostsFile('10.0.0.1\nnot-an-address name\n  # only a comment\n300.1.1.1 bad\n');
    expect([...table.keys()]).toEqual([]);
  });

  it('normalises names the way lookups ask for them', () => {
    expect(normalizeHostsName('Shop.Example.COM.')).toBe('shop.example.com');
  });
});
