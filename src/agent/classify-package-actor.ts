import type { PackageChange } from '../host/package-change.js';
import type { PackageActor } from '../incidents/host-event.js';

/**
 * Who made a package change, from apt's Commandline and Requested-By: unattended-upgrades logs its own
 * program as the command line, a person or a script running apt, apt-get or aptitude logs that command
 * (and, through sudo, Requested-By). A change only dpkg's log knows was made by dpkg run directly.
 * Anything else (PackageKit, a frontend without a command line) is `other`, with the command line kept.
 * @example classifyPackageActor({ source: 'apt', commandline: '/usr/bin/unattended-upgrade', ... }) // 'unattended-upgrades'
 */
export function classifyPackageActor(change: PackageChange): PackageActor {
  if (change.source === 'dpkg') return 'dpkg';
  const program = executableOf(change.commandline);
  if (program === 'unattended-upgrade' || program === 'unattended-upgrades') return 'unattended-upgrades';
  if (program === 'apt' || program === 'apt-get' || program === 'aptitude') return 'apt';
  if (program === undefined && change.requestedBy !== undefined) return 'apt';
  return 'other';
}

/** "/usr/bin/unattended-upgrade -v" -> "unattended-upgrade"; python3 running it names the script. */
function executableOf(commandline: string | undefined): string | undefined {
  if (commandline === undefined || commandline.trim() === '') return undefined;
  const words = commandline.trim().split(/\s+/);
  const base = (word: string) => word.slice(word.lastIndexOf('/') + 1);
  const first = base(words[0] ?? '');
  return /^python[\d.]*$/.test(first) && words[1] !== undefined ? base(words[1]) : first;
}
