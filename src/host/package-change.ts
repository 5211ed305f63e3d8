/** One package action on the box, from apt's history or dpkg's log. */
export interface PackageChange {
  /** local time the action was logged */
  time: Date;
  package: string;
  architecture?: string;
  action: 'install' | 'upgrade' | 'downgrade' | 'reinstall' | 'remove' | 'purge';
  fromVersion?: string;
  toVersion?: string;
  source: 'apt' | 'dpkg';
  /** apt's Commandline (e.g. "/usr/bin/unattended-upgrade") or Requested-By, when known */
  via?: string;
  /** apt's Commandline, as logged */
  commandline?: string;
  /** apt's Requested-By ("alice (1000)"): the user behind sudo */
  requestedBy?: string;
}

/** Log timestamps ("2026-11-23  09:15:02", "2026-11-23 09:15:20") are local time without a zone. */
export function parseLocalTime(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}
