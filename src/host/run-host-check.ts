import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isFrontdoorError } from '../errors.js';
import { findExecutable } from '../process/find-executable.js';
import { type ProcessSpawner, spawnProcess } from '../process/spawn-process.js';
import { checkListeners, guessUnit, type ListenerResult } from './check-listeners.js';
import { compareServices, type ServicesReport } from './check-services.js';
import { collectNginxTree } from './collect-nginx-tree.js';
import { loadBaseline } from './config-baseline.js';
import { detectDrift } from './detect-drift.js';
import type { ExpectedListener } from './expected-listener.js';
import { classifyFrontDoorPackage } from './front-door-packages.js';
import type { DriftSection, HostReport } from './host-report.js';
import { inspectUnattendedUpgrades } from './inspect-unattended-upgrades.js';
import type { ListenerInventory } from './listening-socket.js';
import { matchesOwner } from './match-owner.js';
import { readListenerInventory } from './read-listener-inventory.js';
import { readPackageLogs } from './read-package-logs.js';
import { sortListeners } from './sort-listeners.js';
import { isSystemdPresent, readUnitState } from './systemd-units.js';
import { testNginxConfig } from './test-nginx-config.js';

export interface HostCheckOptions {
  expected: readonly ExpectedListener[];
  /** the proxy's main configuration file */
  nginxConfig: string;
  /** true when the user named the file: then an unreadable one is an error, not a skipped section */
  nginxConfigExplicit: boolean;
  stateDir: string;
  /** package changes newer than now - windowMs are reported */
  windowMs: number;
  /** default '/proc' */
  procRoot?: string;
  /** prefix for /etc, /run and /var/lib; default '/' */
  systemRoot?: string;
  /** default `systemRoot`/var/log */
  logDir?: string;
  spawner?: ProcessSpawner;
  now?: () => Date;
  /** nginx binary for `nginx -t`; default: found on PATH or in sbin */
  nginxBinary?: string;
  /** PATH to search for nginx */
  pathVariable?: string;
}

/** Runs every host check: who holds the front door, systemd's view, config drift and recent package changes. */
export async function runHostCheck(options: HostCheckOptions): Promise<HostReport> {
  const spawner = options.spawner ?? spawnProcess;
  const systemRoot = options.systemRoot ?? '/';
  const checkedAt = (options.now ?? (() => new Date()))();
  const inventory = await readListenerInventory(options.procRoot ?? '/proc');
  const existingSocketFiles = await findSocketFiles(options.expected, systemRoot);
  const listeners = checkListeners(options.expected, inventory, { existingSocketFiles });
  const services = await checkServices(listeners, options.expected, inventory, systemRoot, spawner);
  const drift = await checkDrift(options, spawner);
  const since = new Date(checkedAt.getTime() - options.windowMs);
  const logs = await readPackageLogs(options.logDir ?? join(systemRoot, 'var/log'), since);
  const unattended = await inspectUnattendedUpgrades(systemRoot);
  const changes = logs.changes.map((change) => {
    const reason = classifyFrontDoorPackage(change.package);
    return reason === undefined ? change : { ...change, frontDoor: reason };
  });
  const driftFailed = drift.checked ? drift.report.verdict === 'config_drift' : drift.failed === true;
  return {
    ok: listeners.every((l) => l.verdict === 'ok') && !driftFailed,
    checkedAt,
    listeners,
    inventory: sortListeners(inventory.listeners),
    unreadablePids: inventory.unreadablePids,
    services,
    drift,
    changes: { since, changes, files: logs.files, unreadable: logs.unreadable, unattended },
  };
}

async function findSocketFiles(
  expected: readonly ExpectedListener[],
  systemRoot: string,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const want of expected) {
    if (want.address.kind !== 'unix' || want.address.path.startsWith('@')) continue;
    const info = await stat(join(systemRoot, want.address.path)).catch(() => undefined);
    if (info?.isSocket() === true) found.add(want.address.path);
  }
  return found;
}

async function checkServices(
  results: readonly ListenerResult[],
  expected: readonly ExpectedListener[],
  inventory: ListenerInventory,
  systemRoot: string,
  spawner: ProcessSpawner,
): Promise<ServicesReport> {
  if (!(await isSystemdPresent(systemRoot, spawner))) {
    return {
      systemd: false,
      note: 'systemd is not managing this machine (no /run/systemd/system or no systemctl): unit states not compared',
    };
  }
  const rows = [];
  for (const [index, result] of results.entries()) {
    const want = expected[index];
    if (want === undefined) continue;
    // The owner's own unit when it is visible among the listeners, else the conventional name.
    const ownUnit = inventory.listeners
      .flatMap((l) => l.processes)
      .find((p) => matchesOwner(p, want.owner) && p.unit?.endsWith('.service'))?.unit;
    const unit = ownUnit ?? `${guessUnit(want)}.service`;
    rows.push({ result, unit, state: await readUnitState(unit, spawner) });
  }
  return { systemd: true, comparisons: compareServices(rows) };
}

async function checkDrift(options: HostCheckOptions, spawner: ProcessSpawner): Promise<DriftSection> {
  let tree: Awaited<ReturnType<typeof collectNginxTree>>;
  try {
    tree = await collectNginxTree(options.nginxConfig);
  } catch (error) {
    if (options.nginxConfigExplicit) throw error;
    return {
      checked: false,
      reason: error instanceof Error ? error.message : String(error),
      ...errorCodeOf(error),
    };
  }
  let baseline: Awaited<ReturnType<typeof loadBaseline>>;
  try {
    baseline = await loadBaseline(options.stateDir, tree.mainPath);
  } catch (error) {
    // The listeners and package changes still matter in an incident: report them, and drift as unknown.
    if (!isFrontdoorError(error) || error.code !== 'FD_ERR_IO') throw error;
    return { checked: false, reason: error.message, ...errorCodeOf(error), failed: true };
  }
  const report = detectDrift(tree, baseline);
  const binary = options.nginxBinary ?? (await findExecutable('nginx', options.pathVariable));
  const nginxTest =
    binary === undefined
      ? { status: 'not_installed' as const, message: 'nginx is not installed: nginx -t not run' }
      : await testNginxConfig(tree.mainPath, spawner, binary);
  return { checked: true, report, nginxTest };
}

/** The errno code under a FrontdoorError (its cause), so callers tell "absent" from "not allowed" by code. */
function errorCodeOf(error: unknown): { errorCode?: string } {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? { errorCode: code } : {};
}
