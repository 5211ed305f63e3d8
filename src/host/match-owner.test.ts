import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from './listening-socket.js';
import { matchesOwner } from './match-owner.js';

const process = (name: string, exe?: string, cmdline: string[] = []): ProcessInfo => ({
  pid: 1,
  name,
  cmdline,
  ...(exe === undefined ? {} : { exe }),
});

describe('matchesOwner', () => {
  it.each([
    [process('nginx', '/usr/sbin/nginx', ['nginx: master process /usr/sbin/nginx']), 'nginx', true],
    [process('nginx', undefined, ['nginx: worker process']), 'nginx', true],
    [process('php-fpm8.2', '/usr/sbin/php-fpm8.2'), 'php-fpm', true],
    [process('php-fpm8.2', '/usr/sbin/php-fpm8.2 (deleted)'), 'php-fpm8.2', true],
    [process('haproxy', '/usr/sbin/haproxy'), 'HAProxy', true],
    [process('tailscaled', '/usr/sbin/tailscaled'), 'nginx', false],
    [process('nginx-exporter', '/usr/bin/nginx-prometheus-exporter'), 'nginx', false],
    [process('node', '/usr/bin/node', ['node', 'server.js']), 'nginx', false],
  ])('%j owned by %s: %s', (info, owner, expected) => {
    expect(matchesOwner(info, owner)).toBe(expected);
  });
});
