import { describe, expect, it } from 'vitest';
import { detectUnreadableChanges } from './detect-unreadable-changes.js';
import type { UnreadableState } from './host-snapshot.js';

const nothing: UnreadableState = { listeners: [], pidCount: 0, pids: [], files: [], nginxTest: false };
// An unprivileged agent: nginx runs as root and www-data, so neither the holder of :443 nor nginx -t can be read.
const unprivileged: UnreadableState = {
  listeners: ['443', '80'],
  pidCount: 3,
  pids: [1000, 1001, 1002],
  files: [],
  nginxTest: true,
};

describe('detectUnreadableChanges', () => {
  it('says what it could not read at a first check, with what would let it', () => {
    expect(detectUnreadableChanges(undefined, unprivileged)).toEqual([
      {
        type: 'could_not_read',
        listeners: ['443', '80'],
        processes: { count: 3, pids: [1000, 1001, 1002] },
        files: [],
        nginxTest: true,
        hint:
          "443, 80: holder unknown, 3 processes' fds unreadable (grant CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, or run as root); " +
          'nginx -t needs root to open the pid file and logs',
      },
    ]);
  });

  it('says it again only when what it cannot read changes, not when other pids come and go', () => {
    expect(
      detectUnreadableChanges(unprivileged, {
        ...unprivileged,
        pidCount: 5,
        pids: [1000, 1001, 1002, 3000, 3001],
      }),
    ).toEqual([]);
    const logs = { ...unprivileged, files: ['/var/log/apt/history.log: EACCES'] };
    expect(detectUnreadableChanges(unprivileged, logs)).toMatchObject([
      { type: 'could_not_read', files: ['/var/log/apt/history.log: EACCES'] },
    ]);
  });

  it('says nothing when everything is readable', () => {
    expect(detectUnreadableChanges(undefined, nothing)).toEqual([]);
    expect(detectUnreadableChanges(unprivileged, nothing)).toEqual([]);
  });
});
