import { describe, expect, it } from 'vitest';
import { checkListeners } from './check-listeners.js';
import { parseListenerFlag } from './expected-listener.js';
import type { Listener, ListenerInventory, ProcessInfo } from './listening-socket.js';

const nginx: ProcessInfo[] = [
  {
    pid: 100,
    name: 'nginx',
    exe: '/usr/sbin/nginx',
    cmdline: ['nginx: master process'],
    unit: 'nginx.service',
  },
  {
    pid: 101,
    name: 'nginx',
    exe: '/usr/sbin/nginx',
    cmdline: ['nginx: worker process'],
    unit: 'nginx.service',
  },
];
const tailscaled: ProcessInfo = {
  pid: 812,
  name: 'tailscaled',
  exe: '/usr/sbin/tailscaled',
  cmdline: ['/usr/sbin/tailscaled'],
  unit: 'tailscaled.service',
};
const fpm: ProcessInfo = { pid: 700, name: 'php-fpm8.2', exe: '/usr/sbin/php-fpm8.2', cmdline: [] };

const tcp = (address: string, port: number, processes: ProcessInfo[], inode = port): Listener => ({
  socket: { kind: 'tcp', family: address.includes(':') ? 'ipv6' : 'ipv4', address, port, inode },
  processes,
});
const unix = (path: string, processes: ProcessInfo[]): Listener => ({
  socket: { kind: 'unix', path, inode: 3001 },
  processes,
});
const inventory = (listeners: Listener[], unreadablePids: number[] = []): ListenerInventory => ({
  listeners,
  unreadablePids,
});
const check = (flag: string, inv: ListenerInventory, existing: string[] = []) =>
  checkListeners([parseListenerFlag(flag)], inv, { existingSocketFiles: new Set(existing) })[0];

describe('checkListeners', () => {
  it('is ok when the owner holds every socket on the port, master and workers alike', () => {
    const result = check('443=nginx', inventory([tcp('0.0.0.0', 443, nginx), tcp('::', 443, nginx)]));
    expect(result?.verdict).toBe('ok');
    expect(result?.summary).toBe('443 is held by nginx (pids 100, 101, nginx.service)');
    expect(result?.sockets).toEqual(['0.0.0.0:443', '[::]:443']);
  });

  it('names the squatter, its pid and unit, and what to do (incident 000)', () => {
    const result = check('443=nginx', inventory([tcp('::', 443, [tailscaled])]));
    expect(result?.verdict).toBe('wrong_listener');
    expect(result?.layer).toBe('host');
    expect(result?.summary).toBe(
      '443 is held by tailscaled (pid 812, tailscaled.service), not nginx: stop its serve mapping (tailscale serve reset), then start nginx',
    );
    expect(result?.evidence).toContain(
      'pid 812 tailscaled: /usr/sbin/tailscaled, command: /usr/sbin/tailscaled, unit tailscaled.service',
    );
  });

  it('is wrong_listener when the owner holds IPv4 but a squatter took [::]:443', () => {
    const result = check('443=nginx', inventory([tcp('0.0.0.0', 443, nginx), tcp('::', 443, [tailscaled])]));
    expect(result?.verdict).toBe('wrong_listener');
    expect(result?.summary).toContain('not nginx (nginx holds 0.0.0.0:443)');
  });

  it('matches an address key against the exact address, a v4-mapped one, or a wildcard of its family', () => {
    const other = tcp('127.0.0.2', 8443, [tailscaled]);
    expect(check('127.0.0.1:8443=nginx', inventory([other]))?.verdict).toBe('socket_missing');
    expect(check('127.0.0.1:8443=nginx', inventory([other, tcp('0.0.0.0', 8443, nginx)]))?.verdict).toBe(
      'ok',
    );
    expect(check('127.0.0.1:8443=nginx', inventory([tcp('::ffff:127.0.0.1', 8443, nginx)]))?.verdict).toBe(
      'ok',
    );
    expect(check('[::1]:8443=nginx', inventory([tcp('0.0.0.0', 8443, nginx)]))?.verdict).toBe(
      'socket_missing',
    );
    expect(check('[::1]:8443=nginx', inventory([tcp('::', 8443, nginx)]))?.verdict).toBe('ok');
  });

  it('reports a missing unix socket with the versioned unit to look at (incident 003)', () => {
    const result = check('unix:/run/php/php8.2-fpm.sock=php-fpm', inventory([]));
    expect(result?.verdict).toBe('socket_missing');
    expect(result?.summary).toBe(
      "nothing listens on unix:/run/php/php8.2-fpm.sock: php-fpm's reload may have failed; check journalctl -u php8.2-fpm",
    );
  });

  it('says when a socket file exists that nobody accepts on', () => {
    const path = '/run/php/php8.2-fpm.sock';
    const result = check(`unix:${path}=php-fpm`, inventory([]), [path]);
    expect(result?.evidence[1]).toContain('exists but nothing accepts on it');
  });

  it('accepts php-fpm8.2 for php-fpm on a unix socket', () => {
    expect(
      check('unix:/run/php/php8.2-fpm.sock=php-fpm', inventory([unix('/run/php/php8.2-fpm.sock', [fpm])]))
        ?.verdict,
    ).toBe('ok');
  });

  it('says it could not tell, never ok, when nobody readable holds the socket', () => {
    const result = check('443=nginx', inventory([tcp('0.0.0.0', 443, [])], [1, 2]));
    expect(result?.verdict).toBe('owner_unknown');
    expect(result?.layer).toBe('host');
    expect(result?.ownerKnown).toBe(false);
    expect(result?.summary).toBe(
      '443: 0.0.0.0:443 is listening but who holds it is unknown: 2 processes could not be read; run as root to see the owner',
    );
  });

  it('says it could not tell when the owner holds one address of the port and an unreadable process another', () => {
    const result = check('443=nginx', inventory([tcp('0.0.0.0', 443, nginx), tcp('::', 443, [])], [1]));
    expect(result?.verdict).toBe('owner_unknown');
    expect(result?.summary).toContain('[::]:443 is listening but who holds it is unknown (nginx');
  });
});
