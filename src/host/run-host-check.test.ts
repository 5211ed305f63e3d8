import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessSpawner } from '../process/spawn-process.js';
import { acceptBaseline } from './accept-baseline.js';
import { parseListenerFlag } from './expected-listener.js';
import { renderHostJson } from './render-host-json.js';
import { renderHostText } from './render-host-text.js';
import { type HostCheckOptions, runHostCheck } from './run-host-check.js';

const fixtures = join(import.meta.dirname, 'fixtures');
let scratch = '';
let procRoot = '';
let systemRoot = '';

// Incident 000 as recorded: tailscaled holds [::]:443, nginx.service failed, nginx upgraded unattended.
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'frontdoor-host-check-'));
  procRoot = join(scratch, 'proc');
  await cp(join(fixtures, 'proc'), procRoot, { recursive: true });
  for (const line of (await readFile(join(fixtures, 'proc-links.txt'), 'utf8')).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.indexOf(' ');
    const path = join(procRoot, line.slice(0, space));
    await mkdir(dirname(path), { recursive: true });
    await symlink(line.slice(space + 1), path);
  }
  systemRoot = join(scratch, 'root');
  await cp(join(fixtures, 'unattended-on'), systemRoot, { recursive: true });
  await mkdir(join(systemRoot, 'run/systemd/system'), { recursive: true });
  await mkdir(join(systemRoot, 'etc/nginx'), { recursive: true });
  await writeFile(join(systemRoot, 'etc/nginx/nginx.conf'), 'events {}\nhttp {}\n');
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const units: Record<string, string> = {
  'nginx.service': 'LoadState=loaded\nActiveState=failed\nSubState=failed\nMainPID=0\n',
  'php8.2-fpm.service': 'LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=700\n',
};
const fakeSystem: ProcessSpawner = async (file, args) => {
  if (file === 'systemctl' && args[0] === '--version')
    return { exitCode: 0, stdout: 'systemd 252', stderr: '' };
  if (file === 'systemctl') return { exitCode: 0, stdout: units[args.at(-1) ?? ''] ?? '', stderr: '' };
  return { exitCode: 0, stdout: '', stderr: 'nginx: configuration file test is successful\n' };
};

const options = (): HostCheckOptions => ({
  expected: ['443=nginx', '80=nginx', 'unix:/run/php/php8.2-fpm.sock=php-fpm'].map(parseListenerFlag),
  nginxConfig: join(systemRoot, 'etc/nginx/nginx.conf'),
  nginxConfigExplicit: true,
  stateDir: join(scratch, 'state'),
  windowMs: 7 * 86_400_000,
  procRoot,
  systemRoot,
  logDir: join(fixtures, 'log'),
  spawner: fakeSystem,
  now: () => new Date(2026, 10, 23, 9, 0, 0),
  nginxBinary: '/usr/sbin/nginx',
});

describe('runHostCheck on a recorded incident', () => {
  it('tells a non-root user that nginx -t needs root, not that the configuration failed', async () => {
    const report = await runHostCheck(options());
    expect(report.drift.checked).toBe(true);
    if (!report.drift.checked) return;
    const message = '2026/11/23 [emerg] 4242#4242: open() "/run/nginx.pid" failed (13: Permission denied)';
    const text = renderHostText({
      ...report,
      drift: { ...report.drift, nginxTest: { status: 'needs_root', message } },
    });
    expect(text).toContain(
      'nginx -t: needs root: only files this user may not open stopped it; run frontdoor host as root to test the configuration\n' +
        `    ${message}`,
    );
  });

  it('joins listeners, systemd, drift and package changes into one report', async () => {
    const report = await runHostCheck(options());
    expect(report.ok).toBe(false);
    expect(report.listeners.map((l) => l.verdict)).toEqual(['wrong_listener', 'ok', 'ok']);
    expect(report.unreadablePids).toEqual([900]);
    expect(report.services.systemd && report.services.comparisons.map((c) => [c.unit, c.consistent])).toEqual(
      [
        ['nginx.service', false],
        ['nginx.service', false],
        ['php8.2-fpm.service', true],
      ],
    );
    expect(report.drift.checked && report.drift.nginxTest.status).toBe('passed');
    const flagged = report.changes.changes.filter((c) => c.frontDoor !== undefined).map((c) => c.package);
    expect(flagged).toEqual([
      'libssl3',
      'nginx',
      'nginx-common',
      'tailscale',
      'apache2',
      'apache2-bin',
      'openvpn',
    ]);
    expect(report.changes.unattended.restartsProxy).toBe(true);
  });

  it('renders text a tired operator can act on', async () => {
    const text = renderHostText(await runHostCheck(options()));
    expect(text).toContain('frontdoor host: 1 of 3 listeners failed');
    expect(text).toContain(
      'wrong_listener  443 is held by tailscaled (pid 812, tailscaled.service), not nginx: stop its serve mapping (tailscale serve reset), then start nginx',
    );
    expect(text).toContain(
      'MISMATCH        nginx.service is failed (failed) while it lost 443 to tailscaled',
    );
    expect(text).toContain('could not read the open files of 1 processes (pids 900)');
    expect(text).toContain('no baseline for');
    expect(text).toMatch(
      /2026-11-20 06:25 {2}upgrade {3}nginx 1\.22\.1-9\+deb12u10 -> 1\.22\.1-9\+deb12u11 \(by \/usr\/bin\/unattended-upgrade\)/,
    );
    expect(text).toContain('an upgrade will restart nginx unattended');
  });

  it('shows control characters a local user put in a process name or command line escaped, never raw', async () => {
    const report = await runHostCheck(options());
    // A squatter names its executable as it likes: ESC opens a sequence, U+009B is a CSI by itself.
    const hostile = {
      ...report,
      inventory: report.inventory.map((listener) => ({
        ...listener,
        processes: listener.processes.map((process) => ({
          ...process,
          name: `${process.name}\u001b]0;owned\u0007`,
          cmdline: [...process.cmdline, '\u009b2J'],
        })),
      })),
    };
    const text = renderHostText(hostile);
    expect(text).toContain('tailscaled\\x1B]0;owned\\x07 (pid 812');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('claims the configuration matches only once a baseline was accepted', async () => {
    const stateDir = join(scratch, 'state-headline');
    const healthy = { ...options(), expected: [], stateDir };
    expect(renderHostText(await runHostCheck(healthy))).toMatch(
      /^frontdoor host: ok \(0 listeners as expected, no configuration baseline yet\)\n/,
    );
    await acceptBaseline({ nginxConfig: healthy.nginxConfig, stateDir });
    expect(renderHostText(await runHostCheck(healthy))).toMatch(
      /^frontdoor host: ok \(0 listeners as expected, configuration matches\)\n/,
    );
  });

  it('still reports listeners and changes when the accepted baseline is corrupt, with drift unknown and not ok', async () => {
    const stateDir = join(scratch, 'state-corrupt');
    const healthy = { ...options(), expected: [], stateDir };
    const { path } = await acceptBaseline({ nginxConfig: healthy.nginxConfig, stateDir });
    await writeFile(path, '{"version": 1, "mainPath": ');
    const report = await runHostCheck(healthy);
    expect(report.ok).toBe(false);
    expect(report.drift).toEqual({
      checked: false,
      failed: true,
      reason: `baseline ${path} is unreadable (not JSON): accept a new one with 'frontdoor host baseline'`,
    });
    expect(report.changes.changes.length).toBeGreaterThan(0);
    const text = renderHostText(report);
    expect(text).toMatch(/^frontdoor host: configuration drift not checked\n/);
    expect(text).toContain(`configuration\n  not checked: baseline ${path} is unreadable (not JSON)`);
    expect(JSON.parse(renderHostJson(report))).toMatchObject({
      ok: false,
      drift: { checked: false, failed: true },
    });
  });

  it('renders JSON with the verdict codes of check --json', async () => {
    const json = JSON.parse(renderHostJson(await runHostCheck(options())));
    expect(json.ok).toBe(false);
    expect(json.results.map((r: { target: string; verdict: string }) => `${r.target}: ${r.verdict}`)).toEqual(
      [
        'listener 443: wrong_listener',
        'listener 80: ok',
        'listener unix:/run/php/php8.2-fpm.sock: ok',
        `configuration ${join(systemRoot, 'etc/nginx/nginx.conf')}: ok`,
      ],
    );
    expect(json.inventory).toContainEqual(expect.objectContaining({ socket: '[::]:443', inode: 2001 }));
    expect(json.changes.changes[0].time).toMatch(/^2026-11-/);
  });

  it('says in one line that systemd is absent', async () => {
    const noSystemd: ProcessSpawner = async () => ({
      exitCode: null,
      stdout: '',
      stderr: '',
      errorCode: 'ENOENT',
    });
    const report = await runHostCheck({
      ...options(),
      spawner: noSystemd,
      nginxBinary: 'nginx-not-installed',
    });
    expect(report.services).toEqual({
      systemd: false,
      note: 'systemd is not managing this machine (no /run/systemd/system or no systemctl): unit states not compared',
    });
    expect(report.drift.checked && report.drift.nginxTest.status).toBe('not_installed');
  });
});
