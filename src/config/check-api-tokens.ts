import type { ConfigIssue } from './config-issue.js';
import type { RawConfig } from './config-schema.js';

/**
 * What the `api.tokens` schema cannot see entry by entry: names are unique, an `agent` token names a
 * defined origin and other scopes name none, and no token is listed twice under different names.
 */
export function checkApiTokens(raw: RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const origins = Object.keys(raw.origins ?? {});
  const names = new Map<string, number>();
  const hashes = new Map<string, string>();
  (raw.api?.tokens ?? []).forEach((token, index) => {
    const path = ['api', 'tokens', index];
    const firstName = names.get(token.name);
    if (firstName !== undefined) {
      issues.push({ path: [...path, 'name'], message: `token name '${token.name}' is used twice` });
    }
    names.set(token.name, index);
    const sameHash = hashes.get(token.hash);
    if (sameHash !== undefined) {
      issues.push({
        path: [...path, 'hash'],
        message: `the same token as '${sameHash}': give each client its own token`,
      });
    }
    hashes.set(token.hash, token.name);
    if (token.scope === 'agent' && token.origin === undefined) {
      issues.push({ path, message: "an agent token needs 'origin': the origin whose events it may push" });
    } else if (token.scope !== 'agent' && token.origin !== undefined) {
      issues.push({ path: [...path, 'origin'], message: "only agent tokens have an 'origin'" });
    } else if (token.origin !== undefined && !origins.includes(token.origin)) {
      const known = origins.length > 0 ? `known: ${origins.join(', ')}` : 'no origins are defined';
      issues.push({ path: [...path, 'origin'], message: `unknown origin '${token.origin}' (${known})` });
    }
  });
  return issues;
}
