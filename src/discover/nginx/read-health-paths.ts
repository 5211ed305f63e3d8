import type { NginxDirective } from './nginx-directive.js';

// The last path segment of the usual health endpoints: /health, /healthz, /_health, /healthcheck,
// /status, /ping, /up (Rails), /ready, /readyz, /livez, /-/health (GitLab's /-/health lives under it).
const HEALTH_SEGMENT =
  /^(?:_?health(?:z|check|-check)?|status|ping|up|ready|readyz|live|livez|alive|heartbeat)$/i;

function isHealthPath(path: string): boolean {
  if (!path.startsWith('/')) return false;
  const segment = path.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return HEALTH_SEGMENT.test(segment);
}

/**
 * Locations of a server block (nested ones too) that look like a health check, for a draft's URL: exact
 * locations (`location = /health`) first, then prefix ones (`location /healthz`, `^~ /status`); regex and
 * named locations say nothing about a path to ask for.
 */
export function readHealthPaths(body: NginxDirective[]): string[] {
  const exact: string[] = [];
  const prefix: string[] = [];
  const visit = (directives: NginxDirective[]) => {
    for (const directive of directives) {
      if (directive.name !== 'location') continue;
      const [first, second] = directive.args;
      if (first === '=' && second !== undefined && isHealthPath(second)) exact.push(second);
      else if (first === '^~' && second !== undefined && isHealthPath(second)) prefix.push(second);
      else if (first !== undefined && second === undefined && isHealthPath(first)) prefix.push(first);
      visit(directive.block ?? []);
    }
  };
  visit(body);
  return [...new Set([...exact, ...prefix])];
}
