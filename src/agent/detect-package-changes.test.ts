import { describe, expect, it } from 'vitest';
import type { FlaggedChange } from '../host/host-report.js';
import { detectPackageChanges, FIRST_RUN_WINDOW_MS } from './detect-package-changes.js';

const at = (h: number, m: number, s = 0) => new Date(2026, 10, 23, h, m, s);
const upgrade = (name: string, time: Date, extra: Partial<FlaggedChange> = {}): FlaggedChange => ({
  time,
  package: name,
  action: 'upgrade',
  fromVersion: '1',
  toVersion: '2',
  source: 'apt',
  commandline: '/usr/bin/unattended-upgrade',
  ...extra,
});
const names = (facts: { type: string }[]) => facts.map((f) => ('package' in f ? f.package : f.type));

describe('detectPackageChanges', () => {
  const now = at(9, 0);
  const firstSince = new Date(now.getTime() - FIRST_RUN_WINDOW_MS);

  it('reports only the last 2 hours on a first run, and keeps a cursor at the newest entry', () => {
    const changes = [
      upgrade('old', at(6, 59, 59)),
      upgrade('nginx', at(7, 30)),
      upgrade('libssl3', at(8, 15)),
    ];
    const { facts, cursor } = detectPackageChanges(changes, undefined, firstSince);
    expect(names(facts)).toEqual(['nginx', 'libssl3']);
    expect(cursor).toEqual({ time: at(8, 15).toISOString(), keys: ['apt upgrade libssl3  1 2'] });
  });

  it('reports each entry once, even among many logged in the same second', () => {
    const first = detectPackageChanges(
      [upgrade('nginx', at(8, 15)), upgrade('nginx-common', at(8, 15))],
      undefined,
      firstSince,
    );
    expect(names(first.facts)).toEqual(['nginx', 'nginx-common']);
    // The same second again, with one more entry apt wrote after the agent had read the file.
    const later = [
      upgrade('nginx', at(8, 15)),
      upgrade('nginx-common', at(8, 15)),
      upgrade('libnginx-mod-http-geoip', at(8, 15)),
    ];
    const second = detectPackageChanges(later, first.cursor, firstSince);
    expect(names(second.facts)).toEqual(['libnginx-mod-http-geoip']);
    expect(second.cursor.keys).toHaveLength(3);
    expect(detectPackageChanges(later, second.cursor, firstSince).facts).toEqual([]);
  });

  it('moves the cursor only forward: an entry older than it (a clock set back) is not reported', () => {
    const cursor = { time: at(8, 15).toISOString(), keys: [] };
    const { facts, cursor: after } = detectPackageChanges([upgrade('late', at(8, 0))], cursor, firstSince);
    expect(facts).toEqual([]);
    expect(after).toEqual(cursor);
  });

  it('starts the cursor at the window when nothing was logged', () => {
    expect(detectPackageChanges([], undefined, firstSince)).toEqual({
      facts: [],
      cursor: { time: firstSince.toISOString(), keys: [] },
    });
  });

  it('carries versions, who asked and why the package matters to the front door', () => {
    const change = upgrade('nginx', at(8, 15), {
      architecture: 'amd64',
      fromVersion: '1.22.1-9+deb12u11',
      toVersion: '1.22.1-9+deb12u12',
      frontDoor: 'the reverse proxy itself',
    });
    const removal: FlaggedChange = {
      time: at(8, 20),
      package: 'tailscale',
      action: 'remove',
      fromVersion: '1.76.6',
      source: 'dpkg',
    };
    expect(detectPackageChanges([change, removal], undefined, firstSince).facts).toEqual([
      {
        type: 'package_changed',
        package: 'nginx',
        action: 'upgrade',
        loggedAt: at(8, 15).toISOString(),
        source: 'apt',
        actor: 'unattended-upgrades',
        architecture: 'amd64',
        fromVersion: '1.22.1-9+deb12u11',
        toVersion: '1.22.1-9+deb12u12',
        commandline: '/usr/bin/unattended-upgrade',
        frontDoor: 'the reverse proxy itself',
      },
      {
        type: 'package_changed',
        package: 'tailscale',
        action: 'remove',
        loggedAt: at(8, 20).toISOString(),
        source: 'dpkg',
        actor: 'dpkg',
        fromVersion: '1.76.6',
      },
    ]);
  });
});
