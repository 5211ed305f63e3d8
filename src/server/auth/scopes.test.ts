import { describe, expect, it } from 'vitest';
import type { ApiScope } from '../../config/api-config.js';
import { hasReadTokens, scopeAllows } from './scopes.js';

describe('scopeAllows', () => {
  // held scope -> the required scopes it satisfies
  const table: Record<ApiScope, ApiScope[]> = {
    read: ['read'],
    write: ['read', 'write', 'deploy'],
    agent: ['agent'],
    deploy: ['deploy'],
  };
  const all: ApiScope[] = ['read', 'write', 'agent', 'deploy'];

  it.each(all)('a %s token allows exactly its row of the table', (held) => {
    expect(all.filter((required) => scopeAllows(held, required))).toEqual(table[held]);
  });
});

describe('hasReadTokens', () => {
  it('counts read and write tokens, not machine tokens', () => {
    expect(hasReadTokens([])).toBe(false);
    expect(hasReadTokens([{ scope: 'agent' }, { scope: 'deploy' }])).toBe(false);
    expect(hasReadTokens([{ scope: 'agent' }, { scope: 'write' }])).toBe(true);
    expect(hasReadTokens([{ scope: 'read' }])).toBe(true);
  });
});
