/**
 * @typedef {object} ContenderSummary
 * @property {string} name
 * @property {number} probes total over all rounds
 * @property {number} failed
 * @property {string | undefined} firstFailure
 * @property {number} probesPerSecond median over rounds
 * @property {number} cpuPerProbeMs median over rounds
 * @property {number} cpuPerProbeMinMs lowest round, to show how noisy the machine was
 * @property {number} cpuPerProbeMaxMs highest round
 * @property {number} serverCpuPerProbeMs nginx's CPU per probe, median over rounds
 * @property {number} rssPer1000Bytes resident memory growth per 1000 probes
 * @property {number} heapPer1000Bytes JS heap growth per 1000 probes (NaN when not visible)
 */

/** Goals from issue 2: none is asserted, the table only says whether each was met. */
export const GOALS = { versusBlackbox: 0.8, versusBare: 1.1, phaseDiffMs: 0.5 };

/**
 * @param {(string | number)[][]} rows first row is the header; numbers are already formatted strings
 * @param {Array<'left' | 'right'>} align
 */
export function renderColumns(rows, align) {
  const widths = align.map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => {
          const text = String(cell);
          const width = widths[column] ?? 0;
          return align[column] === 'right' ? text.padStart(width) : text.padEnd(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const fixed = (/** @type {number} */ value, /** @type {number} */ digits) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
const signed = (/** @type {number} */ value, /** @type {number} */ digits) =>
  Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : 'n/a';
const verdict = (/** @type {boolean | undefined} */ met) =>
  met === undefined ? 'n/a' : met ? 'met' : 'MISSED';

/**
 * @param {ContenderSummary[]} contenders
 * @returns {string}
 */
export function renderThroughputTable(contenders) {
  const rows = [
    [
      '',
      'probes',
      'failed',
      'probes/s',
      'CPU/probe ms',
      'rounds min-max',
      'nginx CPU/probe ms',
      'RSS Δ/1000 probes',
      'heap Δ/1000 probes',
    ],
  ];
  for (const c of contenders) {
    rows.push([
      c.name,
      String(c.probes),
      String(c.failed),
      fixed(c.probesPerSecond, 0),
      fixed(c.cpuPerProbeMs, 3),
      `${fixed(c.cpuPerProbeMinMs, 3)}-${fixed(c.cpuPerProbeMaxMs, 3)}`,
      fixed(c.serverCpuPerProbeMs, 3),
      `${signed(c.rssPer1000Bytes / 1024 / 1024, 2)} MiB`,
      Number.isFinite(c.heapPer1000Bytes) ? `${signed(c.heapPer1000Bytes / 1024, 1)} KiB` : 'n/a',
    ]);
  }
  return renderColumns(rows, [
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
  ]);
}

/**
 * @param {{ versusBlackbox: number; versusBare: number }} ratios frontdoor's CPU per probe over the others',
 *   each the median of per-round ratios (NaN when a contender did not run)
 * @returns {string}
 */
export function renderRatioTable({ versusBlackbox, versusBare }) {
  const rows = [
    ['CPU per probe (median of per-round ratios)', 'ratio', 'goal', ''],
    [
      'frontdoor / blackbox_exporter',
      `${fixed(versusBlackbox, 3)}x`,
      `<= ${GOALS.versusBlackbox}x`,
      verdict(Number.isFinite(versusBlackbox) ? versusBlackbox <= GOALS.versusBlackbox : undefined),
    ],
    [
      'frontdoor / bare node:tls loop',
      `${fixed(versusBare, 3)}x`,
      `<= ${GOALS.versusBare}x`,
      verdict(Number.isFinite(versusBare) ? versusBare <= GOALS.versusBare : undefined),
    ],
  ];
  return renderColumns(rows, ['left', 'right', 'right', 'left']);
}

/**
 * @param {import('./compare-phases.js').PhaseComparison[]} phases
 * @param {number} runs
 * @returns {string}
 */
export function renderPhaseTable(phases, runs) {
  const rows = [[`median of ${runs} (ms)`, 'frontdoor', 'curl -w', 'difference', 'goal', '']];
  for (const p of phases) {
    const difference = p.frontdoorMs - p.curlMs;
    rows.push([
      p.phase,
      fixed(p.frontdoorMs, 3),
      fixed(p.curlMs, 3),
      signed(difference, 3),
      `within ${GOALS.phaseDiffMs}`,
      verdict(Number.isFinite(difference) ? Math.abs(difference) <= GOALS.phaseDiffMs : undefined),
    ]);
  }
  return renderColumns(rows, ['left', 'right', 'right', 'right', 'right', 'left']);
}
