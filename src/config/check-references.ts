import { readPort } from '../probe/read-port.js';
import type { ConfigIssue } from './config-issue.js';
import type { RawConfig } from './config-schema.js';
import { readHostPort } from './parse-host-port.js';

/** Names end up in target labels ("shop.example.com via web1") and --site, so keep them plain. */
const NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Checks what the schema cannot see leaf by leaf: names, and that every site's origins and environment
 * are defined. Returns issues in document order of their sections; empty when all is well.
 */
export function checkReferences(raw: RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const environments = raw.environments ?? undefined;
  const origins = raw.origins ?? {};
  const originNames = Object.keys(origins);

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
        const known = originNames.length > 0 ? `known: ${originNames.join(', ')}` : 'no origins are defined';
        issues.push({ path, message: `unknown origin '${origin}' (${known})` });
      } else if (seen.has(origin)) {
        issues.push({ path, message: `origin '${origin}' is listed twice` });
      }
      seen.add(origin);
    });
    if (site.environment !== undefined && environments !== undefined && !(site.environment in environments)) {
      issues.push({
        path: ['sites', siteName, 'environment'],
        message: `unknown environment '${site.environment}' (known: ${Object.keys(environments).join(', ') || 'none'})`,
      });
    }
  }

  for (const listener of Object.keys(raw.host?.listeners ?? {})) {
    if (!isListener(listener)) {
      issues.push({
        path: ['host', 'listeners', listener],
        message: `'${listener}' is not a listener (expected a port "443", "address:port" or "unix:/path")`,
        at: 'key',
      });
    }
  }
  return issues;
}

function isListener(text: string): boolean {
  if (text.startsWith('unix:')) return text.length > 'unix:/'.length && text[5] === '/';
  if (/^\d+$/.test(text)) return readPort(text) !== undefined;
  const outcome = readHostPort(text);
  return outcome.ok && outcome.value.port !== undefined;
}
