import { formatMilliseconds } from '../format/format-milliseconds.js';
import type { GateSummary } from '../gate/gate-report.js';
import { colorize } from './colorize.js';
import { measureColumns } from './measure-columns.js';
import { sanitizeForTerminal } from './sanitize-terminal.js';

const DEPLOY_HEADER = ['TARGET', 'SENT', 'FAILED', 'LONGEST GAP', 'GAP STARTED', 'FAILURES'] as const;

/**
 * The part of `frontdoor verify`'s terminal report that `renderTable` does not draw: the deploy (command,
 * how it ended, per-target requests, failures and longest gap), the rounds, and the gate's verdict with
 * every reason it failed. Printed after the table of the final check.
 */
export function renderGateSection(gate: GateSummary, options: { color: boolean }): string {
  const lines: string[] = [];
  const deploy = gate.deploy;
  if (deploy !== undefined) {
    const ending = deploy.signal !== null ? `signal ${deploy.signal}` : `exit code ${deploy.exitCode ?? '-'}`;
    lines.push(
      `deploy: ${deploy.command.join(' ')} (${ending} after ${formatMilliseconds(deploy.durationMs)}${deploy.interrupted ? ', interrupted' : ''})`,
    );
    const rows = deploy.perTarget.map((target) => [
      sanitizeForTerminal(target.target),
      String(target.sent),
      String(target.failed),
      target.failed === 0 ? '-' : formatMilliseconds(target.longestGapMs),
      target.gapStartedAt ?? '-',
      target.failedVerdicts.map((entry) => `${entry.count}x ${entry.verdict}`).join(', '),
    ]);
    const widths = measureColumns(DEPLOY_HEADER, rows);
    const layout = (cells: readonly string[]) =>
      cells
        .map((cell, column) => {
          const width = widths[column] ?? 0;
          // counts and durations read best right-aligned
          return column >= 1 && column <= 3 ? cell.padStart(width) : cell.padEnd(width);
        })
        .join('  ')
        .trimEnd();
    lines.push(`  ${layout(DEPLOY_HEADER)}`);
    deploy.perTarget.forEach((target, index) => {
      const line = `  ${layout(rows[index] ?? [])}`;
      lines.push(target.failsGate ? colorize(line, 'bad', options.color) : line);
    });
    lines.push('');
  }
  if (gate.withinMs !== undefined) {
    lines.push(
      `rounds: ${gate.rounds} within ${formatMilliseconds(gate.withinMs)}${gate.settled === true ? ', every target passed twice in a row' : ', not settled'}`,
    );
  }
  if (gate.ok) {
    lines.push(`gate: ${colorize('passed', 'good', options.color)}`);
  } else {
    lines.push(`gate: ${colorize('FAILED', 'bad', options.color)}`);
    // Reasons quote targets' summaries, which may carry what servers sent.
    for (const reason of gate.reasons) lines.push(`  - ${sanitizeForTerminal(reason)}`);
  }
  return `${lines.join('\n')}\n`;
}
