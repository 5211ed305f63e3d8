import { type PackageChange, parseLocalTime } from './package-change.js';

/**
 * Package actions from /var/log/dpkg.log ("2026-11-23 09:15:20 upgrade nginx:amd64 1.22.1-9 1.22.1-9+deb12u1").
 * Only the action lines count; "status", "configure" and "trigproc" lines are the same change's steps.
 */
export function parseDpkgLog(text: string): PackageChange[] {
  const changes: PackageChange[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\S+ \S+) (install|upgrade|remove|purge) (\S+) (\S+) (\S+)$/.exec(line.trim());
    if (match === null) continue;
    const [, stamp = '', verb = '', spec = '', oldVersion = '', newVersion = ''] = match;
    const time = parseLocalTime(stamp);
    if (time === undefined) continue;
    const [name = '', architecture] = spec.split(':');
    const from = oldVersion === '<none>' ? undefined : oldVersion;
    const to = newVersion === '<none>' ? undefined : newVersion;
    // dpkg logs an upgrade of an installed package as "install" with an old version on some releases.
    const action: PackageChange['action'] =
      verb === 'install' && from !== undefined ? 'upgrade' : (verb as PackageChange['action']);
    changes.push({
      time,
      package: name,
      ...(architecture === undefined ? {} : { architecture }),
      action,
      ...(from === undefined ? {} : { fromVersion: from }),
      ...(to === undefined ? {} : { toVersion: to }),
      source: 'dpkg',
    });
  }
  return changes;
}
