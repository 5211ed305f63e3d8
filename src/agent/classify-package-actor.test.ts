import { describe, expect, it } from 'vitest';
import type { PackageChange } from '../host/package-change.js';
import { classifyPackageActor } from './classify-package-actor.js';

const change = (fields: Partial<PackageChange>): PackageChange => ({
  time: new Date(2026, 10, 23, 6, 11, 0),
  package: 'nginx',
  action: 'upgrade',
  source: 'apt',
  ...fields,
});

describe('classifyPackageActor', () => {
  it.each([
    ['unattended-upgrades', { commandline: '/usr/bin/unattended-upgrade' }, 'unattended-upgrades'],
    [
      'unattended-upgrades run by python',
      { commandline: '/usr/bin/python3 /usr/bin/unattended-upgrade -v' },
      'unattended-upgrades',
    ],
    ['a person with apt', { commandline: 'apt upgrade', requestedBy: 'ops (1000)' }, 'apt'],
    ['a script with apt-get', { commandline: 'apt-get -y install nginx' }, 'apt'],
    ['aptitude', { commandline: '/usr/bin/aptitude safe-upgrade' }, 'apt'],
    ['apt without a command line, through sudo', { requestedBy: 'ops (1000)' }, 'apt'],
    ['PackageKit', { commandline: 'packagekit role=update-packages' }, 'other'],
    ['an apt entry with no one named', {}, 'other'],
    ['dpkg run directly', { source: 'dpkg' as const }, 'dpkg'],
  ])('%s', (_name, fields, actor) => {
    expect(classifyPackageActor(change(fields))).toBe(actor);
  });
});
