import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import { colorize, toneOfVerdict } from './colorize.js';
import { measureColumns } from './measure-columns.js';
import { sanitizeForTerminal } from './sanitize-terminal.js';
import { wrapText } from './wrap-text.js';

export interface TableOptions {
  /** ANSI colours (only for a terminal that wants them) */
  color: boolean;
  /** terminal columns; summaries, findings and evidence wrap to fit when given */
  width?: number;
  /** each row's stable id, and the evidence under each failing row */
  verbose?: boolean;
}

const HEADER = ['VERDICT', 'LAYER', 'STATUS', 'HTTP', 'TIME', 'TARGET', 'SUMMARY'] as const;
/** The columns before the summary, which is laid out on its own. */
const LEAD = HEADER.length - 1;

/** Below this many columns beside the target, a summary goes on its own lines under its row instead. */
const MIN_SUMMARY_COLUMNS = 30;
const GAP = '  ';
const UNDER_ROW = '    ';
const EVIDENCE_MARK = '- ';

/**
 * The terminal report: one row per target (verdict, layer, status, HTTP version, total time, target,
 * summary) with the redirects it followed beneath it, then the run's findings, then a count line. On a
 * terminal, summaries wrap to its width instead of being cut, so the next step an operator needs is never
 * lost; with `verbose`, each row shows its stable id and each failing row lists its evidence under it.
 * Colour marks the verdict cell only.
 * Summaries, target names, evidence and redirect lines can carry what servers sent: every control
 * character in them is shown escaped (sanitizeForTerminal), so no server can move the cursor or recolour
 * the terminal.
 */
export function renderTable(report: CheckReport, options: TableOptions): string {
  const rows = report.results.map(toCells);
  const widths = measureColumns(HEADER.slice(0, LEAD), rows);
  const lead = (cells: readonly string[]): string =>
    cells
      .slice(0, LEAD)
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(GAP);
  const summaryColumn = lead(HEADER).length + GAP.length;
  const room = options.width === undefined ? undefined : options.width - summaryColumn;
  const besideRow = room === undefined || room >= MIN_SUMMARY_COLUMNS;
  const wrap = (text: string, indent: string): string[] =>
    options.width === undefined
      ? [`${indent}${text}`]
      : wrapText(text, options.width - indent.length).map((line) => `${indent}${line}`);

  const lines = [`${lead(HEADER)}${GAP}${HEADER[LEAD]}`.trimEnd()];
  report.results.forEach((result, index) => {
    const cells = rows[index] ?? [];
    const summary = cells[LEAD] ?? '';
    const verdictCell = colorize(result.verdict, toneOfVerdict(result.verdict), options.color);
    const rest = lead(cells).slice(result.verdict.length);
    if (besideRow) {
      const [first = '', ...more] = room === undefined ? [summary] : wrapText(summary, room);
      lines.push(`${verdictCell}${rest}${GAP}${first}`.trimEnd());
      for (const line of more) lines.push(`${' '.repeat(summaryColumn)}${line}`);
    } else {
      lines.push(`${verdictCell}${rest}`.trimEnd());
      lines.push(...wrap(summary, UNDER_ROW));
    }
    // The stable id keys the JSON, the gate's samples and the watch's history; with verbose, every row says
    // it, so a row can be found there (display names are unique too, but shorter and not stable).
    if (options.verbose === true) lines.push(...wrap(sanitizeForTerminal(`id ${result.id}`), UNDER_ROW));
    // Every redirect followed, under its row: where the probe went and who answered each step.
    for (const hop of result.redirects ?? []) {
      const address = hop.address === undefined ? '' : ` (${hop.address})`;
      lines.push(
        ...wrap(sanitizeForTerminal(`redirect ${hop.status} ${hop.url}${address} -> ${hop.location}`), '  '),
      );
    }
    if (options.verbose === true && result.verdict !== 'ok') {
      for (const fact of result.evidence) {
        const [first = '', ...more] = wrap(
          sanitizeForTerminal(fact),
          `${UNDER_ROW}${' '.repeat(EVIDENCE_MARK.length)}`,
        );
        lines.push(`${UNDER_ROW}${EVIDENCE_MARK}${first.trimStart()}`, ...more);
      }
    }
  });

  if (report.findings.length > 0) {
    lines.push('', 'findings:');
    for (const finding of report.findings) {
      const [first = '', ...more] = wrap(sanitizeForTerminal(`${finding.code}: ${finding.summary}`), '    ');
      lines.push(`  ${first.trimStart()}`, ...more);
      const [firstTargets = '', ...moreTargets] = wrap(
        sanitizeForTerminal(`targets: ${finding.targets.join(', ')}`),
        '      ',
      );
      lines.push(`    ${firstTargets.trimStart()}`, ...moreTargets);
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
    result.httpVersion ?? '-',
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
