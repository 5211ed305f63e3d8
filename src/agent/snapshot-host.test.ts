import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListenerFlag } from '../host/expected-listener.js';
import type { HostReport } from '../host/host-report.js';
import { buildProcFixture, HOST_FIXTURES } from '../host/proc-fixture.test-helper.js';
import { readProcessStarts } from '../host/read-process-start.js';
import { runHostCheck } from '../host/run-host-check.js';
import { HOST_EVENT_LIMITS } from '../incidents/host-event.js';
import type { ProcessSpawner } from '../process/spawn-process.js';
import { snapshotHost } from './snapshot-host.js';

let scratch = '';
let procRoot = '';
let report: HostReport;

const noSystemd: ProcessSpawner = async (file) =>
  file === 'systemctl'
    ? { exitCode: null, stdout: '', stderr: '', errorCode: 'ENOENT' }
    : {
        exitCode: 0,
        stdout: '',
        stderr: 'nginx: configuration file /etc/nginx/nginx.conf test is successful\n',
      };

// The recorded /proc of incident 000: tailscaled (pid 812) holds [::]:443, nginx (100, 101) :80, pid 900 unreadable.
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'frontdoor-snapshot-'));
  procRoot = await buildProcFixture(scratch);
  await mkdir(join(scratch, 'etc/nginx'), { recursive: true });
  await writeFile(join(scratch, 'etc/nginx/nginx.conf'), 'events {}\nhttp {}\n');
  report = await runHostCheck({
    expected: ['443=nginx', '80=nginx', 'unix:/run/php/php8.2-fpm.sock=php-fpm'].map(parseListenerFlag),
    nginxConfig: join(scratch, 'etc/nginx/nginx.conf'),
    nginxConfigExplicit: false,
    stateDir: join(scratch, 'state'),
    windowMs: 7 * 86_400_000,
    procRoot,
    systemRoot: scratch,
    logDir: join(HOST_FIXTURES, 'log'),
    spawner: noSystemd,
    now: () => new Date(2026, 10, 23, 9, 0, 0),
    nginxBinary: '/usr/sbin/nginx',
  });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('snapshotHost on the recorded incident', () => {
  it('keeps who holds each listener, without command lines (they may hold secrets and would leave the host)', async () => {
    const snapshot = snapshotHost(report, await readProcessStarts(procRoot, [100, 101, 700, 701, 812]));
    expect(
      snapshot.listeners.map((l) => [l.key, l.verdict, l.holders.map((p) => `${p.name} ${p.pid}`)]),
    ).toEqual([
      ['443', 'wrong_listener', ['tailscaled 812']],
      ['80', 'ok', ['nginx 100', 'nginx 101']],
      ['unix:/run/php/php8.2-fpm.sock', 'ok', ['php-fpm8.2 700', 'php-fpm8.2 701']],
    ]);
    expect(snapshot.listeners[0]?.holders[0]).toEqual({
      pid: 812,
      name: 'tailscaled',
      exe: '/usr/sbin/tailscaled',
      unit: 'tailscaled.service',
    });
    expect(JSON.stringify(snapshot)).not.toContain('--state=');
  });

  it('takes the oldest process of each expected owner as its service, started at boot time plus its ticks', async () => {
    const snapshot = snapshotHost(report, await readProcessStarts(procRoot, [100, 101, 700, 701, 812]));
    expect(snapshot.services).toEqual([
      {
        service: 'nginx',
        unit: 'nginx.service',
        pid: 100,
        startTicks: 720000,
        startedAt: '2026-11-23T02:00:00.000Z',
        exe: '/usr/sbin/nginx',
      },
      {
        service: 'php-fpm',
        unit: 'php8.2-fpm.service',
        pid: 700,
        startTicks: 650000,
        startedAt: '2026-11-23T01:48:20.000Z',
        // As /proc shows it: the binary was upgraded under a master that was never restarted.
        exe: '/usr/sbin/php-fpm8.2 (deleted)',
      },
    ]);
  });

  it('leaves out a service whose start cannot be read rather than guessing one', () => {
    expect(snapshotHost(report, new Map()).services).toEqual([]);
  });

  it('records nginx -t, drift and what could not be read', () => {
    const snapshot = snapshotHost(report, new Map());
    expect(snapshot.nginxTest).toMatchObject({ status: 'passed', outputTruncated: false });
    expect(snapshot.drift).toMatchObject({ status: 'no_baseline' });
    expect(snapshot.unreadable).toEqual({
      listeners: [],
      pidCount: 1,
      pids: [900],
      files: [],
      nginxTest: false,
    });
  });

  it('says it could not read a holder only when permissions hid processes, not when one exited mid-scan', () => {
    const vanished: HostReport = {
      ...report,
      listeners: report.listeners.map((l) =>
        l.key === '80' ? { ...l, verdict: 'owner_unknown' as const, holders: [], ownerKnown: false } : l,
      ),
    };
    expect(snapshotHost(vanished, new Map()).unreadable.listeners).toEqual(['80']);
    expect(snapshotHost({ ...vanished, unreadablePids: [] }, new Map()).unreadable.listeners).toEqual([]);
  });

  it('caps a drift diff at a line end within the event bound, and says so', () => {
    if (!report.drift.checked) throw new Error('drift was not checked');
    const huge = `--- a/x\n+++ b/x\n${'+ a line of configuration\n'.repeat(10_000)}`;
    const drifted: HostReport = {
      ...report,
      drift: {
        ...report.drift,
        report: {
          ...report.drift.report,
          verdict: 'config_drift',
          baseline: { sha256: 'aaa', acceptedAt: '2026-11-02T10:15:00.000Z' },
          changed: ['/x'],
          diff: huge,
        },
      },
    };
    const drift = snapshotHost(drifted, new Map()).drift;
    if (drift.status !== 'drifted') throw new Error(`expected drifted, got ${drift.status}`);
    expect(drift.diffTruncated).toBe(true);
    expect(drift.diff.length).toBeLessThanOrEqual(HOST_EVENT_LIMITS.diffChars);
    expect(drift.diff).toMatch(
      /\+ a line of configuration\n\[\.\.\. \d+ more characters of the diff not sent\]\n$/,
    );
  });
});
