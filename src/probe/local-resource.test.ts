import { describe, expect, it } from 'vitest';
import {
  createLocalResourceError,
  describeShortage,
  isLocalResourceCode,
  parseOpenFileLimit,
} from './local-resource.js';

// Recorded from /proc/self/limits on Debian 12.
const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('isLocalResourceCode', () => {
  it("takes the prober's own shortages, never the target's answers", () => {
    for (const code of ['EMFILE', 'ENFILE', 'ENOBUFS', 'ENOMEM'])
      expect(isLocalResourceCode(code)).toBe(true);
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'EADDRNOTAVAIL', undefined])
      expect(isLocalResourceCode(code)).toBe(false);
  });
});

describe('parseOpenFileLimit', () => {
  it('reads the soft limit, and nothing from text without the line', () => {
    expect(parseOpenFileLimit(LIMITS)).toBe(1024);
    expect(parseOpenFileLimit('Max cpu time unlimited')).toBeUndefined();
  });
});

describe('describeShortage', () => {
  it('names the open-file limit for EMFILE when it is known, and what to change', () => {
    expect(describeShortage('EMFILE', 256)).toBe(
      'this process ran out of file descriptors (ulimit -n is 256): lower --burst or --concurrency, or raise the open-file limit (ulimit -n, or LimitNOFILE= in a systemd unit)',
    );
    expect(describeShortage('EMFILE', undefined)).toMatch(/^this process ran out of file descriptors: /);
    expect(describeShortage('ENFILE', 1024)).toMatch(/^the system ran out of file descriptors/);
    expect(describeShortage('ENOBUFS', 1024)).toMatch(/socket buffers or memory/);
  });
});

describe('createLocalResourceError', () => {
  it('is a FrontdoorError with a stable code, the errno in its one line, and the cause kept', () => {
    const cause = Object.assign(new Error('connect EMFILE'), { code: 'EMFILE' });
    const error = createLocalResourceError('ENOBUFS', 'cannot open a connection to 10.0.0.11:443', cause);
    expect(error).toMatchObject({
      code: 'FD_ERR_LOCAL_RESOURCE',
      message:
        'cannot open a connection to 10.0.0.11:443: ENOBUFS, this machine ran out of socket buffers or memory: lower --burst or --concurrency',
      cause,
    });
  });
});
