import type { HostReport } from '../host/host-report.js';
import type { ProcessInfo } from '../host/listening-socket.js';
import { matchesOwner } from '../host/match-owner.js';
import type { ProcessStart } from '../host/read-process-start.js';
import type { ProcessFacts } from '../incidents/host-event.js';
import { capDiff, capLines, capList, capText } from './cap-text.js';
import type {
  DriftState,
  HostSnapshot,
  NginxTestState,
  ServiceState,
  UnreadableState,
} from './host-snapshot.js';

/** Permission errors: what an unprivileged agent reports as "could not read" rather than as absent. */
const PERMISSION_CODES = new Set(['EACCES', 'EPERM']);

/**
 * Pure: the facts of one `frontdoor host` report the agent compares between checks, with the start of
 * each process holding a front-door socket (read separately from /proc/PID/stat).
 */
export function snapshotHost(report: HostReport, starts: ReadonlyMap<number, ProcessStart>): HostSnapshot {
  return {
    takenAt: report.checkedAt.toISOString(),
    listeners: report.listeners.map((l) => ({
      key: l.key,
      expectedOwner: l.owner,
      verdict: l.verdict,
      sockets: capList(l.sockets),
      holders: capList(l.holders.map(toProcessFacts)),
      ownerKnown: l.ownerKnown,
    })),
    services: findServices(report, starts),
    nginxTest: nginxTestOf(report),
    drift: driftOf(report),
    unreadable: unreadableOf(report),
  };
}

/** What an event says of a process: no command line, which may hold secrets and would leave the host. */
export function toProcessFacts(process: ProcessInfo): ProcessFacts {
  return {
    pid: process.pid,
    name: capText(process.name),
    ...(process.exe === undefined ? {} : { exe: capText(process.exe, 4096) }),
    ...(process.unit === undefined ? {} : { unit: capText(process.unit) }),
  };
}

/**
 * One entry per expected owner that holds its socket: its oldest process (nginx's master, php-fpm's
 * master), whose pid and start move on a restart but not on a reload.
 */
function findServices(report: HostReport, starts: ReadonlyMap<number, ProcessStart>): ServiceState[] {
  const services = new Map<string, ServiceState>();
  for (const listener of report.listeners) {
    const own = listener.holders.filter((p) => matchesOwner(p, listener.owner));
    for (const process of own) {
      const start = starts.get(process.pid);
      if (start?.startedAt === undefined) continue;
      const known = services.get(listener.owner);
      const older =
        known === undefined ||
        start.startTicks < known.startTicks ||
        (start.startTicks === known.startTicks && process.pid < known.pid);
      if (!older) continue;
      services.set(listener.owner, {
        service: listener.owner,
        ...(process.unit === undefined ? {} : { unit: process.unit }),
        pid: process.pid,
        startTicks: start.startTicks,
        startedAt: start.startedAt.toISOString(),
        ...(process.exe === undefined ? {} : { exe: process.exe }),
      });
    }
  }
  return [...services.values()];
}

function nginxTestOf(report: HostReport): NginxTestState {
  if (!report.drift.checked) return { status: 'not_run', output: [], outputTruncated: false };
  const { lines, truncated } = capLines(
    report.drift.nginxTest.message.split('\n').filter((line) => line !== ''),
  );
  return {
    status: report.drift.nginxTest.status,
    config: report.drift.report.mainPath,
    output: lines,
    outputTruncated: truncated,
  };
}

function driftOf(report: HostReport): DriftState {
  if (!report.drift.checked) return { status: 'unchecked', reason: capText(report.drift.reason) };
  const drift = report.drift.report;
  const base = { config: drift.mainPath, sha256: drift.sha256 };
  if (drift.baseline === undefined) return { status: 'no_baseline', ...base };
  if (drift.verdict === 'ok') return { status: 'ok', ...base, baseline: drift.baseline };
  const { diff, truncated } = capDiff(drift.diff);
  return {
    status: 'drifted',
    ...base,
    baseline: drift.baseline,
    changed: capList(drift.changed),
    added: capList(drift.added),
    removed: capList(drift.removed),
    diff,
    diffTruncated: truncated,
  };
}

function unreadableOf(report: HostReport): UnreadableState {
  const drift = report.drift;
  const files = [
    ...report.changes.unreadable,
    ...(drift.checked ? drift.report.unreadable : []),
    ...(!drift.checked && PERMISSION_CODES.has(drift.errorCode ?? '') ? [drift.reason] : []),
  ];
  return {
    // A holder not found while every process was readable exited during the scan (or lives in another pid
    // namespace): permissions hid nothing there, so it is not "could not read".
    listeners:
      report.unreadablePids.length === 0
        ? []
        : report.listeners.filter((l) => l.verdict !== 'socket_missing' && !l.ownerKnown).map((l) => l.key),
    pidCount: report.unreadablePids.length,
    pids: capList(report.unreadablePids),
    files: capList(files.map((file) => capText(file))),
    nginxTest: drift.checked && drift.nginxTest.status === 'needs_root',
  };
}
