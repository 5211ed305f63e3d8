import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProcNetUnix } from './parse-proc-net-unix.js';

describe('parseProcNetUnix', () => {
  it('keeps named sockets with SO_ACCEPTCON in the unconnected state, paths with spaces and abstract names', () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures/proc/net/unix'), 'utf8');
    expect(parseProcNetUnix(text)).toEqual([
      { kind: 'unix', path: '/run/php/php8.2-fpm.sock', inode: 3001 },
      { kind: 'unix', path: '/run/some dir/app server.sock', inode: 3002 },
      { kind: 'unix', path: '@/org/freedesktop/systemd1/notify', inode: 3003 },
    ]);
  });
});
