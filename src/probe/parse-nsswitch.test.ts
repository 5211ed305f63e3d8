import { describe, expect, it } from 'vitest';
import { DEFAULT_HOSTS_SOURCES, parseHostsSources } from './parse-nsswitch.js';

describe('parseHostsSources', () => {
  it('reads the hosts line of a stock Debian file', () => {
    const text = '# /etc/nsswitch.conf\npasswd: files\nhosts:          files dns\nnetworks: files\n';
    expect(parseHostsSources(text)).toEqual([
      { name: 'files', actions: {} },
      { name: 'dns', actions: {} },
    ]);
  });

  it('attaches action groups to the source before them, negations included', () => {
    expect(
      parseHostsSources(
        'hosts: files mdns4_minimal [NOTFOUND=return] resolve [!UNAVAIL=return] dns myhostname',
      ),
    ).toEqual([
      { name: 'files', actions: {} },
      { name: 'mdns4_minimal', actions: { notfound: 'return' } },
      { name: 'resolve', actions: { success: 'return', notfound: 'return', tryagain: 'return' } },
      { name: 'dns', actions: {} },
      { name: 'myhostname', actions: {} },
    ]);
  });

  it('keeps the order it is given: dns before files', () => {
    expect(parseHostsSources('hosts: dns files').map((source) => source.name)).toEqual(['dns', 'files']);
  });

  it('falls back to files, then dns, without a hosts line', () => {
    expect(parseHostsSources('passwd: files\n# hosts: dns\n')).toBe(DEFAULT_HOSTS_SOURCES);
    expect(parseHostsSources('')).toBe(DEFAULT_HOSTS_SOURCES);
  });
});
