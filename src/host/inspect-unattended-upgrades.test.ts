import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectUnattendedUpgrades } from './inspect-unattended-upgrades.js';

const root = (name: string) => join(import.meta.dirname, 'fixtures', name);

describe('inspectUnattendedUpgrades', () => {
  it('sees unattended upgrades that would restart nginx, and needrestart in automatic mode (incident 000)', async () => {
    const result = await inspectUnattendedUpgrades(root('unattended-on'));
    expect(result).toMatchObject({
      periodicEnabled: true,
      packageInstalled: true,
      blacklist: ['linux-', 'libc6$'],
      proxyBlacklisted: false,
      needrestartMode: 'a',
      restartsProxy: true,
    });
    expect(result.summary).toContain('an upgrade will restart nginx unattended');
  });

  it('treats a blacklisted proxy as upgraded only on purpose', async () => {
    const result = await inspectUnattendedUpgrades(root('unattended-blacklisted'));
    expect(result).toMatchObject({ periodicEnabled: true, proxyBlacklisted: true, restartsProxy: false });
    expect(result.blacklist).toEqual(['nginx', 'php8\\.2-fpm']);
    expect(result.needrestartMode).toBeUndefined();
  });

  it('is off when nothing is configured', async () => {
    const result = await inspectUnattendedUpgrades(root('nowhere'));
    expect(result.restartsProxy).toBe(false);
    expect(result.summary).toBe(
      'unattended upgrades are off (APT::Periodic::Unattended-Upgrade is not "1"; unattended-upgrades is not installed)',
    );
  });

  it('reads past a FIFO among apt settings instead of blocking on it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frontdoor-unattended-'));
    try {
      await cp(root('unattended-on'), dir, { recursive: true });
      execFileSync('mkfifo', [join(dir, 'etc/apt/apt.conf.d/99-fifo')]);
      const result = await inspectUnattendedUpgrades(dir);
      expect(result.restartsProxy).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
