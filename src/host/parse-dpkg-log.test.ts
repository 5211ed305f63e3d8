import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDpkgLog } from './parse-dpkg-log.js';

describe('parseDpkgLog', () => {
  it('keeps install/upgrade/remove/purge lines and skips status, configure and trigproc steps', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures/log/dpkg.log'), 'utf8');
    const changes = parseDpkgLog(text);
    expect(
      changes.map(
        (c) => `${c.action} ${c.package}:${c.architecture} ${c.fromVersion ?? '-'} ${c.toVersion ?? '-'}`,
      ),
    ).toEqual([
      'upgrade nginx-common:all 1.22.1-9+deb12u10 1.22.1-9+deb12u11',
      'upgrade nginx:amd64 1.22.1-9+deb12u10 1.22.1-9+deb12u11',
      'upgrade libssl3:amd64 3.0.15-1~deb12u1 3.0.17-1~deb12u2',
      'install tailscale:amd64 - 1.76.6',
      'remove apache2:amd64 2.4.62-1~deb12u2 -',
      'purge apache2:amd64 2.4.62-1~deb12u2 -',
      'remove apache2-bin:amd64 2.4.62-1~deb12u2 -',
      'purge apache2-bin:amd64 2.4.62-1~deb12u2 -',
      'remove libaprutil1:amd64 1.6.3-1 -',
      'install openvpn:amd64 - 2.6.3-1+deb12u2',
    ]);
    expect(changes[1]?.time).toEqual(new Date(2026, 10, 20, 6, 25, 12));
    expect(changes.every((c) => c.source === 'dpkg')).toBe(true);
  });
});
