import { z } from 'zod';
import type { FrontdoorConfig } from '../../config/config-types.js';
import type { MaintenanceScope } from '../../config/maintenance-config.js';
import { DEFAULT_MAINTENANCE_MAX_MS } from '../../config/maintenance-defaults.js';
import { readDuration } from '../../config/parse-duration.js';
import type { ParseOutcome } from '../../config/parse-outcome.js';
import type { AdHocRequest } from '../alerting/maintenance-service.js';

const names = z.array(z.string().min(1).max(200)).max(100);

/** `POST /api/v1/maintenance`'s body: a scope, how long (required), and why. */
const bodySchema = z.strictObject({
  origins: names.optional(),
  sites: names.optional(),
  environments: names.optional(),
  for: z.string({ error: '\'for\' is required: every window has an end (e.g. "1h")' }),
  reason: z.string().max(500).optional(),
  name: z.string().min(1).max(200).optional(),
});

/**
 * Reads and checks a request for an ad hoc window against the running configuration: at least one of
 * origins, sites and environments, every name one the configuration knows (a typo would silence nothing
 * and say so nowhere), and a duration, capped at `watch.maintenance_max` (default 4 hours; WATCH.md: every window has an end).
 */
export function readMaintenanceRequest(
  body: unknown,
  config: FrontdoorConfig | undefined,
): ParseOutcome<AdHocRequest> {
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    return { ok: false, problem: `${where}${issue?.message ?? 'not a maintenance request'}` };
  }
  const request = parsed.data;
  const duration = readDuration(request.for);
  if (!duration.ok) return { ok: false, problem: `for: ${duration.problem}` };
  const scope: MaintenanceScope = {
    origins: request.origins ?? [],
    sites: request.sites ?? [],
    environments: request.environments ?? [],
  };
  if (scope.origins.length + scope.sites.length + scope.environments.length === 0) {
    return { ok: false, problem: 'a window needs a scope: origins, sites or environments' };
  }
  const unknown = [
    ...scope.origins.filter((name) => config?.origins[name] === undefined).map((name) => `origin '${name}'`),
    ...scope.sites.filter((name) => config?.sites[name] === undefined).map((name) => `site '${name}'`),
    ...scope.environments
      .filter((name) => config?.environments[name] === undefined)
      .map((name) => `environment '${name}'`),
  ];
  if (unknown.length > 0) {
    return { ok: false, problem: `not in the configuration: ${unknown.join(', ')}` };
  }
  const maxMs = config?.watch?.maintenanceMaxMs ?? DEFAULT_MAINTENANCE_MAX_MS;
  const adHoc: AdHocRequest = { scope, forMs: duration.value, maxMs };
  if (request.reason !== undefined) adHoc.reason = request.reason;
  if (request.name !== undefined) adHoc.name = request.name;
  return { ok: true, value: adHoc };
}
