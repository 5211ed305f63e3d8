import { checkAlertReferences } from './check-alert-references.js';
import { checkApiTokens } from './check-api-tokens.js';
import type { ConfigIssue } from './config-issue.js';
import type { RawConfig } from './config-schema.js';
import { readListenerKey } from './read-listener-key.js';

/** Names end up in target labels ("shop.example.com via web1") and --site, so keep them plain. */
const NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Checks what the schema cannot see leaf by leaf: names, and that every site's origins and environment
 * are defined. With `daemon` (the `serve` reader) also the daemon's sections: tokens, alert policies and
 * channels, maintenance scopes, and that each environment names a policy; `check` reads an environment's
 * `alerts` as a free label, since it ignores the `alerts` section that defines policies. Returns issues
 * in document order of their sections; empty when all is well.
 */
export function checkReferences(
  raw: RawConfig,
  options: { daemon: boolean } = { daemon: true },
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const environments = raw.environments ?? undefined;
  const origins = raw.origins ?? {};
  const originNames = Object.keys(origins);
  // Each list of known names is written once: joined per issue, thousands of sites naming an unknown origin
  // made this quadratic in the size of the file.
  const knownOrigins = originNames.length > 0 ? `known: ${originNames.join(', ')}` : 'no origins are defined';
  const knownEnvironments = `known: ${Object.keys(environments ?? {}).join(', ') || 'none'}`;

  for (const [section, names] of [
    ['environments', Object.keys(environments ?? {})],
    ['origins', originNames],
    ['sites', Object.keys(raw.sites ?? {})],
  ] as const) {
    for (const name of names) {
      if (!NAME.test(name)) {
        issues.push({
          path: [section, name],
          message: `'${name}' is not a usable name (letters, digits, '.', '_' and '-')`,
          at: 'key',
        });
      }
    }
  }
  if ('edge' in origins) {
    issues.push({
      path: ['origins', 'edge'],
      message: "'edge' is reserved for the path through the CDN; name the origin differently",
      at: 'key',
    });
  }

  for (const [siteName, site] of Object.entries(raw.sites ?? {})) {
    const seen = new Set<string>();
    (site.origins ?? []).forEach((origin, index) => {
      const path = ['sites', siteName, 'origins', index];
      if (!(origin in origins)) {
        issues.push({ path, message: `unknown origin '${origin}' (${knownOrigins})` });
      } else if (seen.has(origin)) {
        issues.push({ path, message: `origin '${origin}' is listed twice` });
      }
      seen.add(origin);
    });
    if (site.edge === false && (site.origins ?? []).length === 0) {
      issues.push({
        path: ['sites', siteName, 'edge'],
        message: 'a site without an edge is probed on its origins only: list them under origins',
      });
    }
    if (site.environment !== undefined && environments !== undefined && !(site.environment in environments)) {
      issues.push({
        path: ['sites', siteName, 'environment'],
        message: `unknown environment '${site.environment}' (${knownEnvironments})`,
      });
    }
  }

  for (const listener of Object.keys(raw.host?.listeners ?? {})) {
    // The same grammar frontdoor host parses with, so a key accepted here is never refused there.
    const outcome = readListenerKey(listener);
    if (!outcome.ok)
      issues.push({ path: ['host', 'listeners', listener], message: outcome.problem, at: 'key' });
  }
  const agentOrigin = raw.host?.origin;
  // Without origins (a file for `frontdoor host` alone) any name goes; with them, a typo is caught here.
  if (agentOrigin !== undefined && originNames.length > 0 && !(agentOrigin in origins)) {
    issues.push({
      path: ['host', 'origin'],
      message: `unknown origin '${agentOrigin}' (known: ${originNames.join(', ')})`,
    });
  }
  if (options.daemon) {
    // Loops, not push(...list): a list of issues has no size bound, and spread arguments live on the stack.
    for (const issue of checkApiTokens(raw)) issues.push(issue);
    for (const issue of checkAlertReferences(raw)) issues.push(issue);
  }
  return issues;
}
