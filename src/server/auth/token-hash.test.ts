import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readTokenHash } from '../../config/api-schema.js';
import {
  decodeTokenHash,
  describeWeakToken,
  findTokenIndex,
  generateToken,
  hashToken,
} from './token-hash.js';

describe('generateToken', () => {
  it('makes a prefixed token of 32 random bytes, different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, generateToken));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^fdt_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
      expect(describeWeakToken(token)).toBeUndefined();
    }
  });
});

describe('hashToken', () => {
  it('is "sha256:" and the hex SHA-256 of the token, which the configuration accepts', () => {
    const expected = createHash('sha256').update('fdt_example').digest('hex');
    expect(hashToken('fdt_example')).toBe(`sha256:${expected}`);
    expect(readTokenHash(hashToken('fdt_example'))).toEqual({ ok: true, value: `sha256:${expected}` });
  });
});

describe('describeWeakToken', () => {
  it.each([
    ['short', 'a'.repeat(31), 'at least 32 characters (this one has 31)'],
    ['with a space', `${'a'.repeat(32)} b`, 'printable ASCII'],
    ['with a non-ASCII letter', `${'a'.repeat(32)}é`, 'printable ASCII'],
  ])('refuses a %s token', (_, token, problem) => {
    expect(describeWeakToken(token)).toContain(problem);
  });

  it('accepts 32 printable characters', () => {
    expect(describeWeakToken('!'.repeat(32))).toBeUndefined();
  });
});

describe('findTokenIndex', () => {
  const tokens = [generateToken(), generateToken(), generateToken()];
  const hashes = tokens.map((token) => decodeTokenHash(hashToken(token)));

  it('finds the entry whose hash is the token', () => {
    expect(tokens.map((token) => findTokenIndex(token, hashes))).toEqual([0, 1, 2]);
  });

  it('finds nothing for another token, a prefix of one, or nothing configured', () => {
    expect(findTokenIndex(generateToken(), hashes)).toBe(-1);
    expect(findTokenIndex((tokens[0] ?? '').slice(0, -1), hashes)).toBe(-1);
    expect(findTokenIndex(tokens[0] ?? '', [])).toBe(-1);
  });

  it('is never fooled by a hash of the wrong length', () => {
    expect(findTokenIndex(tokens[0] ?? '', [Buffer.alloc(0), Buffer.alloc(16)])).toBe(-1);
  });
});
