import { type PackageChange, parseLocalTime } from './package-change.js';

const ACTIONS: Record<string, PackageChange['action']> = {
  Install: 'install',
  Upgrade: 'upgrade',
  Downgrade: 'downgrade',
  Reinstall: 'reinstall',
  Remove: 'remove',
  Purge: 'purge',
};

/**
 * Package actions from /var/log/apt/history.log: blank-line separated stanzas with Start-Date,
 * Commandline, Requested-By and one line per action ("Upgrade: nginx:amd64 (1.22.1-9, 1.22.1-9+deb12u1)").
 */
export function parseAptHistory(text: string): PackageChange[] {
  const changes: PackageChange[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      const colon = line.indexOf(': ');
      if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2).trim());
    }
    const time = parseLocalTime(fields.get('Start-Date') ?? '');
    if (time === undefined) continue;
    const commandline = fields.get('Commandline');
    const requestedBy = fields.get('Requested-By');
    const via = commandline ?? requestedBy;
    const who = {
      ...(via === undefined ? {} : { via }),
      ...(commandline === undefined ? {} : { commandline }),
      ...(requestedBy === undefined ? {} : { requestedBy }),
    };
    for (const [field, action] of Object.entries(ACTIONS)) {
      const list = fields.get(field);
      if (list === undefined) continue;
      for (const entry of parsePackageList(list, action === 'remove' || action === 'purge')) {
        changes.push({ time, ...entry, action, source: 'apt', ...who });
      }
    }
  }
  return changes;
}

/**
 * "a:amd64 (1.0, automatic), b:amd64 (1.0, 2.0)" -> names, architectures and versions. Upgrades list
 * "old, new"; a removal's single version is the one that went away, an install's the one that arrived.
 */
function parsePackageList(list: string, removal: boolean) {
  const entries: Pick<PackageChange, 'package' | 'architecture' | 'fromVersion' | 'toVersion'>[] = [];
  for (const match of list.matchAll(/([^\s,()]+) \(([^)]*)\)/g)) {
    const [name = '', architecture] = (match[1] ?? '').split(':');
    const versions = (match[2] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '' && v !== 'automatic');
    const [first, second] = versions;
    const single = second === undefined && first !== undefined;
    entries.push({
      package: name,
      ...(architecture === undefined ? {} : { architecture }),
      ...(second !== undefined ? { fromVersion: first ?? '', toVersion: second } : {}),
      ...(single && removal ? { fromVersion: first } : {}),
      ...(single && !removal ? { toVersion: first } : {}),
    });
  }
  return entries;
}
