import type { MaintenanceWindowConfig } from '../config/maintenance-config.js';

/** WATCH.md's example window: web1 every Tuesday at 02:00 in Amsterdam for 2 hours (capped at 4 when ended late). */
export const PATCH_TUESDAY: MaintenanceWindowConfig = {
  name: 'patch-tuesday',
  scope: { sites: [], origins: ['web1'], environments: [] },
  schedule: { kind: 'cron', pattern: '0 2 * * 2' },
  timezone: 'Europe/Amsterdam',
  durationMs: 2 * 3_600_000,
  maxMs: 4 * 3_600_000,
};
