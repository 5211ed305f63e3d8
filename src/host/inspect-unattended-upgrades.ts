import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readBoundedText } from '../fs/read-bounded-file.js';
import { SYSTEM_FILE_READ_LIMIT } from '../fs/read-limits.js';

/** Whether the box upgrades itself, and whether that would restart the proxy with nobody watching. */
export interface UnattendedUpgrades {
  /** APT::Periodic::Unattended-Upgrade is "1" (or more) in apt.conf.d */
  periodicEnabled: boolean;
  /** the unattended-upgrades package is installed (dpkg status) */
  packageInstalled: boolean;
  /** Unattended-Upgrade::Package-Blacklist entries */
  blacklist: string[];
  /** the proxy package matches a blacklist entry, so it is never upgraded unattended */
  proxyBlacklisted: boolean;
  /** needrestart's $nrconf{restart} mode when needrestart is configured: 'a' automatic, 'i' interactive, 'l' list */
  needrestartMode?: string;
  /** an unattended upgrade would restart the proxy: the incident 000 window */
  restartsProxy: boolean;
  summary: string;
}

/** Reads `systemRoot`/etc/apt, /var/lib/dpkg/status and /etc/needrestart. */
export async function inspectUnattendedUpgrades(
  systemRoot: string,
  proxyPackage = 'nginx',
): Promise<UnattendedUpgrades> {
  const aptConf = await readAptConfiguration(join(systemRoot, 'etc/apt'));
  const periodic = lastSetting(aptConf, /APT::Periodic::Unattended-Upgrade\s+"([^"]*)"\s*;/g);
  const periodicEnabled = periodic !== undefined && Number(periodic) > 0;
  const dpkgStatus = await readText(join(systemRoot, 'var/lib/dpkg/status'));
  const packageInstalled = isInstalled(dpkgStatus, 'unattended-upgrades');
  const blacklist = parseBlacklist(aptConf);
  const proxyBlacklisted = blacklist.some((entry) => blacklistMatches(entry, proxyPackage));
  const needrestartMode = await readNeedrestartMode(join(systemRoot, 'etc/needrestart'));
  const enabled = periodicEnabled && packageInstalled;
  const restartsProxy = enabled && !proxyBlacklisted;
  const restartNote =
    needrestartMode === undefined
      ? ''
      : `; needrestart mode '${needrestartMode}' ${needrestartMode === 'l' ? 'only lists' : 'restarts'} services after library upgrades`;
  const summary = !enabled
    ? `unattended upgrades are off (${periodicEnabled ? '' : 'APT::Periodic::Unattended-Upgrade is not "1"'}${
        !periodicEnabled && !packageInstalled ? '; ' : ''
      }${packageInstalled ? '' : 'unattended-upgrades is not installed'})`
    : restartsProxy
      ? `unattended upgrades are on and ${proxyPackage} is not in Unattended-Upgrade::Package-Blacklist: ` +
        `an upgrade will restart ${proxyPackage} unattended${restartNote}`
      : `unattended upgrades are on; ${proxyPackage} is blacklisted, so it is upgraded only on purpose${restartNote}`;
  return {
    periodicEnabled,
    packageInstalled,
    blacklist,
    proxyBlacklisted,
    ...(needrestartMode === undefined ? {} : { needrestartMode }),
    restartsProxy,
    summary,
  };
}

/** apt.conf then apt.conf.d/* in name order, comments removed: later settings override earlier ones. */
async function readAptConfiguration(aptDir: string): Promise<string> {
  const names = (await readdir(join(aptDir, 'apt.conf.d')).catch(() => [] as string[])).sort();
  const texts = [await readText(join(aptDir, 'apt.conf'))];
  for (const name of names) texts.push(await readText(join(aptDir, 'apt.conf.d', name)));
  return texts
    .map((text) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*(\/\/|#).*$/gm, ''))
    .join('\n');
}

function lastSetting(text: string, pattern: RegExp): string | undefined {
  return [...text.matchAll(pattern)].at(-1)?.[1];
}

function parseBlacklist(aptConf: string): string[] {
  const entries: string[] = [];
  for (const block of aptConf.matchAll(/Unattended-Upgrade::Package-Blacklist\s*\{([^}]*)\}/g)) {
    for (const entry of (block[1] ?? '').matchAll(/"([^"]*)"/g)) entries.push(entry[1] ?? '');
  }
  return entries;
}

/** unattended-upgrades matches blacklist entries as Python regexes anchored at the start (re.match). */
function blacklistMatches(entry: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${entry})`).test(name);
  } catch {
    return entry === name;
  }
}

function isInstalled(dpkgStatus: string, name: string): boolean {
  return dpkgStatus
    .split(/\n\s*\n/)
    .some(
      (stanza) =>
        new RegExp(`^Package: ${name}$`, 'm').test(stanza) && /^Status: install ok installed$/m.test(stanza),
    );
}

async function readNeedrestartMode(dir: string): Promise<string | undefined> {
  const names = (await readdir(join(dir, 'conf.d')).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.conf'))
    .sort();
  const texts = [await readText(join(dir, 'needrestart.conf'))];
  for (const name of names) texts.push(await readText(join(dir, 'conf.d', name)));
  if (texts.every((t) => t === '')) return undefined;
  const text = texts.join('\n').replace(/^\s*#.*$/gm, '');
  // needrestart's default, when the file exists but does not set it, is interactive.
  return lastSetting(text, /\$nrconf\{restart\}\s*=\s*['"](\w)['"]/g) ?? 'i';
}

// A FIFO dropped among apt's settings must not stall the host check; what cannot be read counts as unset.
async function readText(path: string): Promise<string> {
  return readBoundedText(path, SYSTEM_FILE_READ_LIMIT).catch(() => '');
}
