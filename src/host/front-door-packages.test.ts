import { describe, expect, it } from 'vitest';
import { classifyFrontDoorPackage } from './front-door-packages.js';

describe('classifyFrontDoorPackage', () => {
  it.each([
    'nginx',
    'nginx-light',
    'libnginx-mod-http-echo',
    'apache2',
    'haproxy',
    'caddy',
    'php8.2-fpm',
    'php-fpm',
    'tailscale',
    'openvpn',
    'wireguard-tools',
    'cloudflared',
    'libssl3',
  ])('%s matters to the front door', (name) => {
    expect(classifyFrontDoorPackage(name)).toBeDefined();
  });

  it.each(['curl', 'php8.2-cli', 'nginx2tree', 'libc6', 'tailscale-archive-keyring'])(
    '%s does not',
    (name) => {
      expect(classifyFrontDoorPackage(name)).toBeUndefined();
    },
  );
});
