import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFrontDoorPackage } from '../host/front-door-packages.js';
import type { FlaggedChange } from '../host/host-report.js';
import { readPackageLogs } from '../host/read-package-logs.js';
import { describeHostEvent } from '../incidents/describe-host-event.js';
import { detectHostChanges } from './detect-host-changes.js';
import { detectPackageChanges, FIRST_RUN_WINDOW_MS, type PackageCursor } from './detect-package-changes.js';
import { INCIDENT_000, readSnapshot, stamp } from './snapshot-fixtures.test-helper.js';

/** The package logs as they stood at `now` (the recorded files hold the whole morning), flagged as `host` does. */
async function packagesAt(now: Date): Promise<FlaggedChange[]> {
  const logs = await readPackageLogs(join(INCIDENT_000, 'log'), new Date(0));
  return logs.changes
    .filter((c) => c.time <= now)
    .map((c) => {
      const frontDoor = classifyFrontDoorPackage(c.package);
      return frontDoor === undefined ? c : { ...c, frontDoor };
    });
}

/** One agent check: package events past the cursor, then what changed between the two snapshots. */
async function check(previous: string | undefined, current: string, cursor: PackageCursor | undefined) {
  const snapshot = readSnapshot(current);
  const now = new Date(snapshot.takenAt);
  const packages = detectPackageChanges(
    await packagesAt(now),
    cursor,
    new Date(now.getTime() - FIRST_RUN_WINDOW_MS),
  );
  const previousSnapshot = previous === undefined ? undefined : readSnapshot(previous);
  const events = stamp([...packages.facts, ...detectHostChanges(previousSnapshot, snapshot)]);
  return { events, cursor: packages.cursor, lines: events.map(describeHostEvent) };
}

describe('incident 000 as the agent sees it, check by check', () => {
  it('reports the upgrade by unattended-upgrades, the restart, then :443 held by openvpn pid 812', async () => {
    const local = (h: number, m: number, s: number) => new Date(2026, 10, 23, h, m, s).toISOString();

    // 06:10:30, a first start: only the last 2 hours of the package logs; yesterday's openvpn install is old.
    const first = await check(undefined, '1-before', undefined);
    expect(first.lines).toEqual([`tailscale removed 1.76.6 by dpkg at ${local(5, 58, 0)}`]);
    expect(first.events[0]).toMatchObject({ type: 'package_changed', source: 'dpkg', actor: 'dpkg' });

    // 06:11:30: the unattended upgrade (dpkg's own lines of it joined to apt's entry), and nginx restarted.
    const second = await check('1-before', '2-nginx-restarted', first.cursor);
    expect(second.events.map((e) => e.type)).toEqual([
      'package_changed',
      'package_changed',
      'service_restarted',
    ]);
    expect(second.events[0]).toMatchObject({
      type: 'package_changed',
      package: 'nginx',
      action: 'upgrade',
      fromVersion: '1.22.1-9+deb12u11',
      toVersion: '1.22.1-9+deb12u12',
      loggedAt: local(6, 11, 0),
      source: 'apt',
      actor: 'unattended-upgrades',
      commandline: '/usr/bin/unattended-upgrade',
      frontDoor: 'the reverse proxy itself: an upgrade restarts it and it must re-bind :80/:443',
    });
    expect(second.lines).toEqual([
      `nginx upgraded 1.22.1-9+deb12u11 -> 1.22.1-9+deb12u12 by unattended-upgrades at ${local(6, 11, 0)}`,
      `nginx-common upgraded 1.22.1-9+deb12u11 -> 1.22.1-9+deb12u12 by unattended-upgrades at ${local(6, 11, 0)}`,
      'nginx restarted at 2026-11-23T06:11:04.000Z (pid 1000 -> 2001)',
    ]);
    expect(second.events[2]).toMatchObject({
      type: 'service_restarted',
      service: 'nginx',
      unit: 'nginx.service',
      previous: { pid: 1000, startedAt: '2026-11-20T02:00:00.000Z' },
      current: { pid: 2001, startedAt: '2026-11-23T06:11:04.000Z', exe: '/usr/sbin/nginx' },
    });

    // 06:12:00: the VPN daemon holds :443, nginx could not bind and is gone from :80; no package is new.
    const third = await check('2-nginx-restarted', '3-openvpn-holds-443', second.cursor);
    expect(third.lines).toEqual([
      '443 is now held by openvpn (pid 812, openvpn-server@edge.service), not nginx (was nginx (pids 2001, 2002, 2003, nginx.service))',
      'nothing listens on 80 any more (was nginx (pids 2001, 2002, 2003, nginx.service))',
    ]);
    expect(third.events[0]).toMatchObject({
      type: 'listener_owner_changed',
      listener: '443',
      expectedOwner: 'nginx',
      verdict: 'wrong_listener',
      current: [{ pid: 812, name: 'openvpn', exe: '/usr/sbin/openvpn', unit: 'openvpn-server@edge.service' }],
    });
  });

  it('says the same when the agent only sees before and after (one interval spans the whole incident)', async () => {
    const { events } = await check('1-before', '3-openvpn-holds-443', undefined);
    const types = events.map((e) => e.type);
    // No restart is claimed: nginx is simply no longer there to compare.
    expect(types).not.toContain('service_restarted');
    expect(types.slice(-2)).toEqual(['listener_owner_changed', 'socket_disappeared']);
    expect(
      events
        .filter((e) => e.type === 'package_changed')
        .map((e) => e.type === 'package_changed' && e.package),
    ).toEqual(['tailscale', 'nginx', 'nginx-common']);
  });
});
