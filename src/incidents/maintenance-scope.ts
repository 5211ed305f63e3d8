import type { MaintenanceScope } from '../config/maintenance-config.js';
import type { MaintenanceWindow } from './engine-input.js';

/** What scope is judged by: a target, a result or the engine's tracked copy of one. */
export interface ScopedTarget {
  site?: string;
  origin?: string;
  environment?: string;
}

/**
 * Whether a window covers a target (the watch sweeps exactly these when a window ends): its site, its origin or its environment is named. A target through the
 * edge sits behind its site's origins, so an origin scope covers it only when every origin of its site is
 * in scope (one origin patched while another serves is not an excuse for a failing edge).
 */
export function isInScope(
  result: ScopedTarget,
  scope: MaintenanceScope,
  sites: Readonly<Record<string, { origins: string[] }>>,
): boolean {
  if (result.site !== undefined && scope.sites.includes(result.site)) return true;
  if (result.environment !== undefined && scope.environments.includes(result.environment)) return true;
  if (result.origin !== undefined) return scope.origins.includes(result.origin);
  const origins = result.site === undefined ? [] : (sites[result.site]?.origins ?? []);
  return origins.length > 0 && origins.every((origin) => scope.origins.includes(origin));
}

/** The first active window that covers the target, if any. */
export function coveringWindow(
  result: ScopedTarget,
  windows: readonly MaintenanceWindow[],
  sites: Readonly<Record<string, { origins: string[] }>>,
): MaintenanceWindow | undefined {
  return windows.find((window) => isInScope(result, window.scope, sites));
}
