import type { ListenerResult } from './check-listeners.js';
import type { ServicesReport } from './check-services.js';
import type { DriftReport } from './detect-drift.js';
import type { UnattendedUpgrades } from './inspect-unattended-upgrades.js';
import type { Listener } from './listening-socket.js';
import type { PackageChange } from './package-change.js';
import type { NginxTestResult } from './test-nginx-config.js';

/** A package change, flagged when the package owns or competes for a front-door socket. */
export interface FlaggedChange extends PackageChange {
  /** why this package matters to the front door (front-door-packages.ts), absent when it does not */
  frontDoor?: string;
}

export type DriftSection =
  | { checked: true; report: DriftReport; nginxTest: NginxTestResult }
  | {
      checked: false;
      reason: string;
      /** the errno code when the tree or baseline could not be read ('ENOENT', 'EACCES') */
      errorCode?: string;
      /** a baseline was accepted but cannot be read: drift is unknown, so the host report is not ok */
      failed?: true;
    };

export interface ChangesSection {
  since: Date;
  changes: FlaggedChange[];
  /** log files read */
  files: string[];
  unreadable: string[];
  unattended: UnattendedUpgrades;
}

/** Everything `frontdoor host` found: the renderers and the exit status are computed from this alone. */
export interface HostReport {
  /** no wrong_listener, socket_missing, owner_unknown or config_drift, and drift not unknown */
  ok: boolean;
  checkedAt: Date;
  listeners: ListenerResult[];
  /** every listening socket on the box with its processes */
  inventory: Listener[];
  unreadablePids: number[];
  services: ServicesReport;
  drift: DriftSection;
  changes: ChangesSection;
}
