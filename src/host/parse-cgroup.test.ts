import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSystemdUnit } from './parse-cgroup.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseSystemdUnit', () => {
  it.each([
    ['cgroup-v1.txt', 'nginx.service'],
    ['cgroup-v2.txt', 'php8.2-fpm.service'],
    ['cgroup-v2-user.txt', 'frontdoor-lab.service'],
    ['cgroup-container.txt', undefined],
  ])('%s -> %s', (file, unit) => {
    expect(parseSystemdUnit(fixture(file))).toBe(unit);
  });

  it('falls back to a scope when the process is in no service', () => {
    expect(parseSystemdUnit('0::/user.slice/user-1000.slice/session-3.scope\n')).toBe('session-3.scope');
  });
});
