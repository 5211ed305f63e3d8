import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSocket } from './listening-socket.js';
import { readListenerInventory } from './read-listener-inventory.js';

const fixtures = join(import.meta.dirname, 'fixtures');
let procRoot = '';

// The recorded process table lives as plain files plus a list of its fd/exe links, rebuilt here.
beforeAll(async () => {
  procRoot = await mkdtemp(join(tmpdir(), 'frontdoor-proc-'));
  await cp(join(fixtures, 'proc'), procRoot, { recursive: true });
  const links = (await readFile(join(fixtures, 'proc-links.txt'), 'utf8')).split('\n');
  for (const line of links.filter((l) => l !== '' && !l.startsWith('#'))) {
    const space = line.indexOf(' ');
    const path = join(procRoot, line.slice(0, space));
    await mkdir(dirname(path), { recursive: true });
    await symlink(line.slice(space + 1), path);
  }
});

afterAll(async () => {
  await rm(procRoot, { recursive: true, force: true });
});

describe('readListenerInventory', () => {
  it('maps each listening socket to the processes whose fds link to its inode', async () => {
    const inventory = await readListenerInventory(procRoot);
    const owners = Object.fromEntries(
      inventory.listeners.map((l) => [formatSocket(l.socket), l.processes.map((p) => `${p.name}/${p.pid}`)]),
    );
    expect(owners).toEqual({
      '0.0.0.0:80': ['nginx/100', 'nginx/101'],
      '127.0.0.1:8080': ['node/1500'],
      '0.0.0.0:2024': [],
      '[::]:443': ['tailscaled/812'],
      '[::1]:9000': [],
      '[::ffff:127.0.0.1]:8443': ['nginx/100', 'nginx/101'],
      '[2001:db8::12]:8080': [],
      'unix:/run/php/php8.2-fpm.sock': ['php-fpm8.2/700', 'php-fpm8.2/701'],
      'unix:/run/some dir/app server.sock': [],
      'unix:@/org/freedesktop/systemd1/notify': [],
    });
  });

  it('reads name, executable, command line and systemd unit (v1 and v2 cgroups)', async () => {
    const inventory = await readListenerInventory(procRoot);
    const squatter = inventory.listeners.find((l) => l.socket.kind === 'tcp' && l.socket.port === 443)
      ?.processes[0];
    expect(squatter).toEqual({
      pid: 812,
      name: 'tailscaled',
      exe: '/usr/sbin/tailscaled',
      cmdline: ['/usr/sbin/tailscaled', '--state=/var/lib/tailscale/tailscaled.state', '--port=41641'],
      unit: 'tailscaled.service',
    });
    const fpm = inventory.listeners.find((l) => l.socket.kind === 'unix')?.processes[0];
    expect(fpm?.exe).toBe('/usr/sbin/php-fpm8.2 (deleted)');
    expect(fpm?.unit).toBe('php8.2-fpm.service');
  });

  it('names a process by its executable, not the thread name in comm (Node 24 calls it MainThread)', async () => {
    const inventory = await readListenerInventory(procRoot);
    const app = inventory.listeners.find((l) => l.socket.kind === 'tcp' && l.socket.port === 8080)
      ?.processes[0];
    expect(app).toMatchObject({ pid: 1500, name: 'node', exe: '/usr/bin/node' });
    const fpm = inventory.listeners.find((l) => l.socket.kind === 'unix')?.processes[0];
    expect(fpm?.name).toBe('php-fpm8.2');
  });

  it('lists processes whose fd table cannot be read instead of failing', async () => {
    const inventory = await readListenerInventory(procRoot);
    expect(inventory.unreadablePids).toEqual([900]);
  });

  it('returns an empty inventory for a root without /proc/net files', async () => {
    const inventory = await readListenerInventory(join(fixtures, 'proc/net'));
    expect(inventory).toEqual({ listeners: [], unreadablePids: [] });
  });
});
