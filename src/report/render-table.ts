import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import { colorize, toneOfVerdict } from './colorize.js';
import { sanitizeForTerminal } from './sanitize-terminal.js';

export interface TableOptions {
  /** ANSI colours (only for a terminal that wants them) */
  color: boolean;
  /** terminal columns; every line is cut to fit when given */
  width?: number;
}

const HEADER = ['VERDICT', 'LAYER', 'STATUS', 'TIME', 'TARGET', 'SUMMARY'] as const;

/**
 * The terminal report: one row per target (verdict, layer, status, total time, target, summary) with the
 * redirects it followed beneath it, then the run's findings, then a count line. Colour marks the verdict cell
 * only, so cut lines stay aligned. Summaries, target names and redirect lines can carry what servers sent:
 * every control character in them is shown escaped (sanitizeForTerminal), so no server can move the cursor or
 * recolour the terminal.
 */
export function renderTable(report: CheckReport, options: TableOptions): string {
  const rows = report.results.map(toCells);
  const widths = HEADER.slice(0, 5).map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  );
  const layout = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  const cut = (line: string): string => truncate(line, options.width);

  const lines = [cut(layout(HEADER))];
  report.results.forEach((result, index) => {
    const line = cut(layout(rows[index] ?? []));
    // The verdict is the first cell, so colouring its prefix never disturbs the cut or the alignment.
    const verdictLength = Math.min(result.verdict.length, line.length);
    lines.push(
      colorize(line.slice(0, verdictLength), toneOfVerdict(result.verdict), options.color) +
        line.slice(verdictLength),
    );
    // Every redirect followed, under its row: where the probe went and who answered each step.
    for (const hop of result.redirects ?? []) {
      const address = hop.address === undefined ? '' : ` (${hop.address})`;
      lines.push(
        cut(sanitizeForTerminal(`  redirect ${hop.status} ${hop.url}${address} -> ${hop.location}`)),
      );
    }
  });

  if (report.findings.length > 0) {
    lines.push('', 'findings:');
    for (const finding of report.findings) {
      lines.push(cut(sanitizeForTerminal(`  ${finding.code}: ${finding.summary}`)));
      lines.push(cut(sanitizeForTerminal(`    targets: ${finding.targets.join(', ')}`)));
    }
  }

  lines.push('', countLine(report.results, options.color));
  return `${lines.join('\n')}\n`;
}

function toCells(result: TargetResult): string[] {
  const burst =
    result.burst === undefined
      ? ''
      : ` [${result.burst.size - result.burst.failed}/${result.burst.size} passed]`;
  return [
    result.verdict,
    result.layer,
    result.status === null ? '-' : String(result.status),
    formatMilliseconds(result.timings.total),
    sanitizeForTerminal(result.target),
    sanitizeForTerminal(`${result.summary}${burst}`),
  ];
}

function countLine(results: readonly TargetResult[], color: boolean): string {
  const ok = results.filter((result) => result.verdict === 'ok').length;
  const failed = results.length - ok;
  const noun = results.length === 1 ? 'target' : 'targets';
  return `${results.length} ${noun}: ${colorize(`${ok} ok`, ok > 0 ? 'good' : 'plain', color)}, ${colorize(
    `${failed} failed`,
    failed > 0 ? 'bad' : 'plain',
    color,
  )}`;
}

/** Cuts a plain (uncoloured) line to `width` columns, marking the cut with an ellipsis. */
function truncate(line: string, width: number | undefined): string {
  if (width === undefined || line.length <= width) return line;
  if (width <= 1) return line.slice(0, Math.max(width, 0));
  return `${line.slice(0, width - 1)}…`;
}
