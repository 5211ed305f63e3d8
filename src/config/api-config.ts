/**
 * The `api:` section (WATCH.md): who may call `frontdoor serve`'s HTTP surface. Tokens are kept as hashes
 * only (`frontdoor token hash` makes one); the daemon compares the hash of what a client presents.
 */

/**
 * What a token may do. `read`: every GET (API, `/metrics`, `/probe`, dashboard); `write`: maintenance and
 * everything `read` and `deploy` may; `agent`: push host events for its own origin, nothing else;
 * `deploy`: mark deploys, nothing else. The table lives in src/server/auth/scopes.ts.
 */
export type ApiScope = 'read' | 'write' | 'agent' | 'deploy';

export const API_SCOPES: readonly ApiScope[] = ['read', 'write', 'agent', 'deploy'];

export interface ApiToken {
  /** shown in logs and errors instead of the token; unique */
  name: string;
  scope: ApiScope;
  /** for `agent` tokens: the origin (a key of `origins`) whose events this token may push */
  origin?: string;
  /** "sha256:" and 64 lower-case hex digits: SHA-256 of the token (see `frontdoor token hash`) */
  hash: string;
}

export interface ApiConfig {
  tokens: ApiToken[];
}
