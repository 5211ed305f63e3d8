import { describe, expect, it } from 'vitest';
import { describeSystemError } from './describe-system-error.js';

const failure = (code?: unknown) => Object.assign(new Error('boom'), code === undefined ? {} : { code });

describe('describeSystemError', () => {
  it.each([
    [failure('ENOENT'), 'no such file or directory (ENOENT)'],
    [failure('EACCES'), 'permission denied (EACCES)'],
    [failure('EISDIR'), 'is a directory (EISDIR)'],
    [failure('ESOMETHING'), 'ESOMETHING'],
    [failure(), 'unreadable'],
    [failure(42), 'unreadable'],
    ['not an error', 'unreadable'],
    [null, 'unreadable'],
  ])('%o -> %s', (error, text) => {
    expect(describeSystemError(error)).toBe(text);
  });
});
