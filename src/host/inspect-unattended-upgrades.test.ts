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
});
