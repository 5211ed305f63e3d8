import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAptHistory } from './parse-apt-history.js';

const history = readFileSync(join(import.meta.dirname, 'fixtures/log/apt/history.log'), 'utf8');

describe('parseAptHistory', () => {
  it('reads every action of every stanza with time, versions and who asked', () => {
    const changes = parseAptHistory(history);
    expect(
      changes.map((c) => `${c.action} ${c.package} ${c.fromVersion ?? '-'} ${c.toVersion ?? '-'}`),
    ).toEqual([
      'upgrade nginx-common 1.22.1-9+deb12u10 1.22.1-9+deb12u11',
      'upgrade nginx 1.22.1-9+deb12u10 1.22.1-9+deb12u11',
      'upgrade libssl3 3.0.15-1~deb12u1 3.0.17-1~deb12u2',
      'install tailscale - 1.76.6',
      'remove libaprutil1 1.6.3-1 -',
      'purge apache2 2.4.62-1~deb12u2 -',
      'purge apache2-bin 2.4.62-1~deb12u2 -',
    ]);
    expect(changes[1]).toMatchObject({
      time: new Date(2026, 10, 20, 6, 25, 3),
      architecture: 'amd64',
      source: 'apt',
      via: '/usr/bin/unattended-upgrade',
      commandline: '/usr/bin/unattended-upgrade',
    });
    expect(changes[1]?.requestedBy).toBeUndefined();
    expect(changes[3]).toMatchObject({
      via: 'apt install tailscale',
      commandline: 'apt install tailscale',
      requestedBy: 'ops (1000)',
    });
  });

  it('drops the "automatic" marker and skips stanzas without a date', () => {
    const changes = parseAptHistory(
      'Commandline: x\nInstall: a:amd64 (1)\n\nStart-Date: 2026-01-02  03:04:05\nInstall: libfoo:amd64 (2.0, automatic)\n',
    );
    expect(changes).toEqual([
      {
        time: new Date(2026, 0, 2, 3, 4, 5),
        package: 'libfoo',
        architecture: 'amd64',
        toVersion: '2.0',
        action: 'install',
        source: 'apt',
      },
    ]);
  });
});
