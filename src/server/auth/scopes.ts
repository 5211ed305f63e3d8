import type { ApiScope } from '../../config/api-config.js';

/**
 * Which token scopes satisfy a route's required scope. `write` is the operator's own token and may do
 * everything a person does (read, maintenance, mark a deploy); `agent` and `deploy` are machine tokens
 * that may do their one thing and nothing else, so a leaked CI or host secret cannot read the fleet's map
 * or silence alerts.
 */
const SATISFIED_BY: Record<ApiScope, readonly ApiScope[]> = {
  read: ['read', 'write'],
  write: ['write'],
  deploy: ['deploy', 'write'],
  agent: ['agent'],
};

/** @example scopeAllows('write', 'read') // true */
export function scopeAllows(held: ApiScope, required: ApiScope): boolean {
  return SATISFIED_BY[required].includes(held);
}

/** Whether any configured token can read: when one can, nobody reads without a token. */
export function hasReadTokens(tokens: ReadonlyArray<{ scope: ApiScope }>): boolean {
  return tokens.some((token) => scopeAllows(token.scope, 'read'));
}
