import type { TargetResult } from '../diagnose/target-result.js';
import { formatMilliseconds } from '../format/format-milliseconds.js';
import type { GateReport } from '../gate/gate-report.js';

/**
 * `frontdoor verify --summary FILE`: GitHub-flavoured Markdown for a CI job summary. A headline with the
 * gate's verdict, why it failed, a table of targets (verdict, summary and stable id), the deploy's gap
 * table, the run's findings, and the evidence of failing targets folded away.
 */
export function renderMarkdown(report: GateReport): string {
  const { check, gate } = report;
  const failing = check.results.filter((result) => result.verdict !== 'ok');
  const lines: string[] = [];
  lines.push(
    gate.ok ? '## ✅ frontdoor verify passed' : '## ❌ frontdoor verify failed',
    '',
    headline(report, failing.length),
    '',
  );
  if (gate.reasons.length > 0) {
    lines.push('**Why it failed**', '', ...gate.reasons.map((reason) => `- ${escapeInline(reason)}`), '');
  }
  if (check.results.length > 0) {
    lines.push(
      '### Targets',
      '',
      '| | Verdict | Target | HTTP | Summary | Id |',
      '|---|---|---|---|---|---|',
    );
    for (const result of check.results) lines.push(targetRow(result));
    lines.push('');
  }
  const deploy = gate.deploy;
  if (deploy !== undefined) {
    lines.push(
      '### During the deploy',
      '',
      `Command: ${escapeInline(deploy.command.join(' '))} (${deploy.signal !== null ? `signal ${deploy.signal}` : `exit code ${deploy.exitCode}`}, ${formatMilliseconds(deploy.durationMs)})`,
      '',
      '| | Target | Sent | Failed | Longest gap | Gap started | Id |',
      '|---|---|---:|---:|---:|---|---|',
    );
    for (const target of deploy.perTarget) {
      const mark = target.failsGate ? '❌' : target.failed > 0 ? '⚠️' : '✅';
      lines.push(
        `| ${mark} | ${escapeCell(target.target)} | ${target.sent} | ${target.failed} | ${target.failed === 0 ? '-' : formatMilliseconds(target.longestGapMs)} | ${target.gapStartedAt ?? '-'} | ${escapeCell(target.id)} |`,
      );
    }
    lines.push('');
  }
  if (check.findings.length > 0) {
    lines.push('### Findings', '');
    for (const finding of check.findings) {
      lines.push(
        `- **${finding.code}**: ${escapeInline(finding.summary)} (${finding.targets.map(escapeInline).join(', ')})`,
      );
    }
    lines.push('');
  }
  for (const result of failing) {
    lines.push(
      `<details><summary>${escapeInline(result.target)}: ${result.verdict}</summary>`,
      '',
      ...result.evidence.map((line) => `- ${escapeInline(line)}`),
      '',
      '</details>',
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function headline(report: GateReport, failing: number): string {
  const { check, gate } = report;
  const total = check.results.length;
  const parts: string[] = [];
  if (total > 0) {
    const rounds = gate.rounds > 1 ? ` after ${gate.rounds} rounds` : '';
    parts.push(`${total - failing} of ${total} targets passed a burst of ${gate.burst}${rounds}`);
  } else {
    parts.push('no final check ran');
  }
  if (gate.deploy !== undefined) {
    const failed = gate.deploy.perTarget.reduce((sum, target) => sum + target.failed, 0);
    const sent = gate.deploy.perTarget.reduce((sum, target) => sum + target.sent, 0);
    parts.push(`${failed} of ${sent} requests failed during the deploy`);
  }
  if (gate.interrupted) parts.push('interrupted');
  return parts.join(' · ');
}

function targetRow(result: TargetResult): string {
  const mark = result.verdict === 'ok' ? '✅' : '❌';
  const burst =
    result.burst === undefined
      ? ''
      : ` [${result.burst.size - result.burst.failed}/${result.burst.size} passed]`;
  return `| ${mark} | \`${result.verdict}\` | ${escapeCell(result.target)} | ${result.httpVersion ?? '-'} | ${escapeCell(`${result.summary}${burst}`)} | ${escapeCell(result.id)} |`;
}

// C0 controls other than tab (line breaks are folded before this runs), DEL and C1 controls have no place in a
// summary: a job log that prints the file would let a server's escape sequences reach a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text inside a table cell: no line breaks, pipes escaped, no live HTML or Markdown. */
export function escapeCell(text: string): string {
  return escapeInline(text).replace(/\|/g, '\\|');
}

/**
 * Text from the network (summaries quote bodies and headers) must never become markup in a job summary:
 * HTML is neutralised, Markdown punctuation escaped, and line breaks folded into spaces.
 */
export function escapeInline(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ')
    .replace(CONTROL_CHARS, '');
}
