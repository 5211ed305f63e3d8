import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessSpawner } from '../process/spawn-process.js';

export interface UnitState {
  unit: string;
  /** LoadState: "loaded", "not-found", ... */
  loadState: string;
  /** ActiveState: "active", "failed", "inactive", "activating", ... */
  activeState: string;
  subState: string;
  /** 0 when the unit has no main process */
  mainPid: number;
}

/**
 * systemd manages this machine when /run/systemd/system exists (sd_booted()'s test) and systemctl runs;
 * in containers neither holds.
 */
export async function isSystemdPresent(systemRoot: string, spawner: ProcessSpawner): Promise<boolean> {
  const booted = await access(join(systemRoot, 'run/systemd/system')).then(
    () => true,
    () => false,
  );
  if (!booted) return false;
  const probe = await spawner('systemctl', ['--version'], { timeoutMs: 5_000 });
  return probe.exitCode === 0;
}

/** `systemctl show -p LoadState,ActiveState,SubState,MainPID UNIT`, parsed; undefined when systemctl fails. */
export async function readUnitState(unit: string, spawner: ProcessSpawner): Promise<UnitState | undefined> {
  // "php8.2-fpm" has a dot but no unit type: only a known suffix counts as one.
  const name = /\.(service|socket|scope|target|timer|mount)$/.test(unit) ? unit : `${unit}.service`;
  const result = await spawner('systemctl', ['show', '-p', 'LoadState,ActiveState,SubState,MainPID', name], {
    timeoutMs: 5_000,
  });
  if (result.exitCode !== 0) return undefined;
  return parseUnitState(name, result.stdout);
}

/** Parses systemctl show's KEY=VALUE lines. */
export function parseUnitState(unit: string, text: string): UnitState {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals), line.slice(equals + 1).trim());
  }
  return {
    unit,
    loadState: values.get('LoadState') ?? 'unknown',
    activeState: values.get('ActiveState') ?? 'unknown',
    subState: values.get('SubState') ?? 'unknown',
    mainPid: Number(values.get('MainPID') ?? 0) || 0,
  };
}
