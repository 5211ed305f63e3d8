import { sanitizeForTerminal } from '../report/sanitize-terminal.js';
import { describeProcesses } from './describe-process.js';
import type { DriftSection, FlaggedChange, HostReport } from './host-report.js';
import { formatSocket } from './listening-socket.js';

/**
 * The readable report of `frontdoor host`: verdicts first, then evidence, drift, changes. Much of it is
 * written by whoever can start a process or edit an include (a squatter's executable name and command line,
 * the drift's diff, nginx -t's message): every control character is shown escaped, line by line, so none of
 * it can move the cursor or rewrite the terminal (tabs excepted).
 */
export function renderHostText(report: HostReport): string {
  return renderLines(report).split('\n').map(sanitizeKeepingTabs).join('\n');
}

// Tabs stay: the drift's diff quotes nginx files, which are often indented with them.
function sanitizeKeepingTabs(line: string): string {
  return line.split('\t').map(sanitizeForTerminal).join('\t');
}

function renderLines(report: HostReport): string {
  const failed = report.listeners.filter(
    (l) => l.verdict === 'wrong_listener' || l.verdict === 'socket_missing',
  ).length;
  const unverified = report.listeners.filter((l) => l.verdict === 'owner_unknown').length;
  const drifted = report.drift.checked && report.drift.report.verdict === 'config_drift';
  const driftUnknown = !report.drift.checked && report.drift.failed === true;
  const headline = report.ok
    ? `frontdoor host: ok (${report.listeners.length} listeners as expected${configurationNote(report.drift)})`
    : `frontdoor host: ${[
        failed > 0 ? `${failed} of ${report.listeners.length} listeners failed` : '',
        unverified > 0
          ? `${unverified} of ${report.listeners.length} listeners unverified (their holder could not be read: run as root)`
          : '',
        drifted ? 'configuration drifted' : '',
        driftUnknown ? 'configuration drift not checked' : '',
      ]
        .filter((p) => p !== '')
        .join('; ')}`;
  return `${[
    headline,
    renderListeners(report),
    renderServices(report),
    renderDrift(report.drift),
    renderChanges(report),
  ]
    .filter((s) => s !== '')
    .join('\n\n')}\n`;
}

// "matches" only when there is a baseline to match: with none yet, nothing was compared.
function configurationNote(drift: DriftSection): string {
  if (!drift.checked) return '';
  return drift.report.baseline === undefined ? ', no configuration baseline yet' : ', configuration matches';
}

function renderListeners(report: HostReport): string {
  const lines: string[] = [];
  if (report.listeners.length > 0) {
    lines.push('expected listeners');
    for (const result of report.listeners) {
      lines.push(`  ${result.verdict.padEnd(15)} ${result.summary}`);
      if (result.verdict !== 'ok') lines.push(...result.evidence.map((e) => `${' '.repeat(18)}${e}`));
    }
  } else {
    lines.push('expected listeners: none (give host.listeners in the configuration or --listener PORT=NAME)');
  }
  lines.push('', 'listening tcp sockets');
  const tcp = report.inventory.filter((l) => l.socket.kind === 'tcp');
  if (tcp.length === 0) lines.push('  none');
  for (const listener of tcp) {
    const who =
      listener.processes.length === 0
        ? '(process unknown)'
        : describeProcesses(listener.processes).join(', ');
    lines.push(`  ${formatSocket(listener.socket).padEnd(28)} ${who}`);
  }
  if (report.unreadablePids.length > 0) {
    const pids = report.unreadablePids;
    lines.push(
      `  could not read the open files of ${pids.length} processes (pids ${pids.slice(0, 20).join(', ')}${
        pids.length > 20 ? ', ...' : ''
      }): their sockets show without an owner; run as root to see them`,
    );
  }
  return lines.join('\n');
}

function renderServices(report: HostReport): string {
  if (!report.services.systemd) return `services\n  ${report.services.note}`;
  const lines = ['services'];
  for (const comparison of report.services.comparisons) {
    lines.push(`  ${(comparison.consistent ? 'consistent' : 'MISMATCH').padEnd(15)} ${comparison.summary}`);
  }
  if (report.services.comparisons.length === 0) lines.push('  no expected listeners to compare');
  return lines.join('\n');
}

function renderDrift(drift: DriftSection): string {
  if (!drift.checked) return `configuration\n  not checked: ${drift.reason}`;
  const { report, nginxTest } = drift;
  const lines = [
    `configuration ${report.mainPath}: ${report.files.length} files, sha256 ${report.sha256.slice(0, 16)}`,
    `  ${report.verdict.padEnd(15)} ${report.summary}`,
    ...report.changed.map((p) => `    changed ${p}`),
    ...report.added.map((p) => `    added   ${p}`),
    ...report.removed.map((p) => `    removed ${p}`),
    ...report.unreadable.map((p) => `    unreadable include ${p}`),
    ...report.parseErrors.map((p) => `    does not parse: ${p}`),
  ];
  if (report.diff !== '')
    lines.push(
      '',
      ...report.diff
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`),
      '',
    );
  const hint =
    nginxTest.status === 'needs_root'
      ? ': only files this user may not open stopped it; run frontdoor host as root to test the configuration'
      : '';
  lines.push(`  nginx -t: ${nginxTest.status.replace('_', ' ')}${hint}`);
  if (nginxTest.message !== '') lines.push(...nginxTest.message.split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

function renderChanges(report: HostReport): string {
  const { since, changes, unattended, unreadable } = report.changes;
  const flagged = changes.filter((c) => c.frontDoor !== undefined);
  const lines = [`package changes since ${formatTime(since)}`];
  for (const change of flagged) {
    lines.push(`  ${formatChange(change)}`, `      front door: ${change.frontDoor}`);
  }
  const others = changes.length - flagged.length;
  if (changes.length === 0) lines.push('  none');
  else if (others > 0)
    lines.push(`  ${flagged.length === 0 ? '' : 'and '}${others} other package changes (--json lists them)`);
  lines.push(...unreadable.map((u) => `  unreadable log ${u}`));
  lines.push(`  ${unattended.summary}`);
  return lines.join('\n');
}

function formatChange(change: FlaggedChange): string {
  const versions =
    change.fromVersion !== undefined && change.toVersion !== undefined
      ? `${change.fromVersion} -> ${change.toVersion}`
      : (change.toVersion ?? change.fromVersion ?? '');
  const via =
    change.via === undefined
      ? ''
      : ` (by ${change.via.length > 60 ? `${change.via.slice(0, 57)}...` : change.via})`;
  return `${formatTime(change.time)}  ${change.action.padEnd(9)} ${change.package} ${versions}${via}`;
}

/** Local time, like the logs it comes from: "2026-11-23 09:15". */
function formatTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
