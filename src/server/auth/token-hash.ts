import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Tokens are stored as SHA-256 hashes, not with a slow KDF. A slow KDF (scrypt, argon2) protects secrets a
 * person chose, which are guessable; frontdoor's tokens are 256 random bits (generateToken) or, when typed
 * in, refused below MIN_TOKEN_LENGTH characters, so nothing is left to guess and one SHA-256 preimage is out
 * of reach. A slow KDF would also cost tens of milliseconds of CPU per request, and hand anyone who can
 * reach the port a way to burn it with made-up tokens.
 */
export const TOKEN_HASH_PREFIX = 'sha256:';

/** Typed-in tokens shorter than this are refused by `frontdoor token hash`. */
export const MIN_TOKEN_LENGTH = 32;

const TOKEN_PREFIX = 'fdt_';

/**
 * A new token: "fdt_" and 43 base64url characters (32 random bytes). The prefix lets secret scanners
 * recognise a leaked frontdoor token.
 */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** @example hashToken('fdt_...') // "sha256:9f86d0..." (64 hex digits) */
export function hashToken(token: string): string {
  return `${TOKEN_HASH_PREFIX}${digest(token).toString('hex')}`;
}

/** Why a typed-in token cannot be used, or undefined when it can. */
export function describeWeakToken(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) {
    return `a token needs at least ${MIN_TOKEN_LENGTH} characters (this one has ${token.length}); run without --stdin to generate one`;
  }
  if (!/^[\x21-\x7e]+$/.test(token)) return 'a token may hold only printable ASCII characters, no spaces';
  return undefined;
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A stored hash ("sha256:hex") as the 32 bytes compared against. */
export function decodeTokenHash(hash: string): Buffer {
  return Buffer.from(hash.slice(TOKEN_HASH_PREFIX.length), 'hex');
}

/**
 * The index of the entry whose hash is the presented token's, or -1. Every entry is compared, each in
 * constant time, so the answer's timing says neither whether nor where a token matched.
 */
export function findTokenIndex(presented: string, hashes: readonly Buffer[]): number {
  const candidate = digest(presented);
  let found = -1;
  hashes.forEach((hash, index) => {
    if (hash.length === candidate.length && timingSafeEqual(hash, candidate) && found < 0) found = index;
  });
  return found;
}
