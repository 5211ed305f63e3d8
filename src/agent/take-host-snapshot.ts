import type { FlaggedChange } from '../host/host-report.js';
import { matchesOwner } from '../host/match-owner.js';
import { readProcessStarts } from '../host/read-process-start.js';
import { type HostCheckOptions, runHostCheck } from '../host/run-host-check.js';
import type { HostSnapshot } from './host-snapshot.js';
import { snapshotHost } from './snapshot-host.js';

/** What `frontdoor host` needs, minus what the agent decides per check (the window, the time). */
export type AgentHostSettings = Omit<HostCheckOptions, 'windowMs' | 'now' | 'nginxConfigExplicit'>;

/**
 * apt logs a run's Start-Date and dpkg each step a little later; readPackageLogs joins the two within
 * ten minutes. Reading that much before the cursor lets it join a dpkg line with an apt entry already
 * reported, instead of reporting the dpkg line again as a change of its own.
 */
const PACKAGE_LOG_OVERLAP_MS = 10 * 60_000;

export interface HostCheck {
  snapshot: HostSnapshot;
  /** package changes logged since `packagesSince` (and a little before), oldest first */
  changes: FlaggedChange[];
}

/** Runs the host checks (`frontdoor host`) and reads when each front-door process started. */
export type CheckHost = (packagesSince: Date, now: Date) => Promise<HostCheck>;

/**
 * The real CheckHost: runHostCheck on this machine, never failing on an unreadable nginx configuration
 * (an agent reports that instead of stopping), then /proc/PID/stat of the expected owners' processes.
 */
export function createHostChecker(settings: AgentHostSettings): CheckHost {
  return async (packagesSince, now) => {
    const report = await runHostCheck({
      ...settings,
      nginxConfigExplicit: false,
      windowMs: Math.max(0, now.getTime() - packagesSince.getTime()) + PACKAGE_LOG_OVERLAP_MS,
      now: () => now,
    });
    const owned = report.listeners.flatMap((l) => l.holders.filter((p) => matchesOwner(p, l.owner)));
    const starts = await readProcessStarts(
      settings.procRoot ?? '/proc',
      owned.map((p) => p.pid),
    );
    return { snapshot: snapshotHost(report, starts), changes: report.changes.changes };
  };
}
