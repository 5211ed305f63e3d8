import { renderColumns } from './render-bench-table.js';
import { median } from './stats.js';

/** Goals from issue 14: none is asserted, the table only says whether each was met. */
export const FLEET_GOALS = {
  hostnames5000: { scenario: '5,000 hostnames', probesPerSecond: 700, peakRssMiB: 300 },
  hostnames10000: { scenario: '10,000 hostnames', peakRssMiB: 400 },
  sites3000: { scenario: '3,000 sites', cpuRatio: 0.9, rateRatio: 1 },
  oneSite: { scenario: 'one site', cpuMs: 150 },
};

const fixed = (/** @type {number} */ value, /** @type {number} */ digits) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
const mib = (/** @type {number} */ bytes) => bytes / 1048576;
const verdict = (/** @type {boolean | undefined} */ met) =>
  met === undefined ? 'n/a' : met ? 'met' : 'MISSED';

/**
 * @typedef {object} FleetSummary
 * @property {string} scenario
 * @property {string} contender
 * @property {number} rounds
 * @property {number} probes per round
 * @property {number} failed over all rounds
 * @property {number} probesPerSecond median
 * @property {number} cpuPerProbeMs median
 * @property {number} cpuPerProbeMinMs
 * @property {number} cpuPerProbeMaxMs
 * @property {number} cpuMs median of the whole run's CPU
 * @property {number} peakRssBytes highest of the rounds
 * @property {number} serverCpuPerProbeMs median
 */

/**
 * @param {import('./fleet.js').FleetRun[]} runs
 * @returns {FleetSummary[]}
 */
export function summarizeFleet(runs) {
  /** @type {Map<string, import('./fleet.js').FleetRun[]>} */
  const groups = new Map();
  for (const run of runs) {
    const key = `${run.scenario}\u0000${run.contender}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const cpuPerProbe = group.map((run) => run.cpuMs / Math.max(run.probes, 1));
    const first = /** @type {import('./fleet.js').FleetRun} */ (group[0]);
    return {
      scenario: first.scenario,
      contender: first.contender,
      rounds: group.length,
      probes: first.probes,
      failed: group.reduce((sum, run) => sum + run.failed, 0),
      probesPerSecond: median(group.map((run) => (run.probes * 1000) / run.wallMs)),
      cpuPerProbeMs: median(cpuPerProbe),
      cpuPerProbeMinMs: Math.min(...cpuPerProbe),
      cpuPerProbeMaxMs: Math.max(...cpuPerProbe),
      cpuMs: median(group.map((run) => run.cpuMs)),
      peakRssBytes: Math.max(...group.map((run) => run.peakRssBytes)),
      serverCpuPerProbeMs: median(group.map((run) => run.serverCpuMs / Math.max(run.probes, 1))),
    };
  });
}

/**
 * frontdoor's figure over blackbox_exporter's, round by round (the two ran back to back), then the median.
 * @param {import('./fleet.js').FleetRun[]} runs
 * @param {string} scenario
 * @param {(run: import('./fleet.js').FleetRun) => number} figure
 */
export function medianFleetRatio(runs, scenario, figure) {
  const ratios = [];
  for (const ours of runs.filter((run) => run.scenario === scenario && run.contender === 'frontdoor')) {
    const theirs = runs.find(
      (run) => run.scenario === scenario && run.contender === 'blackbox_exporter' && run.round === ours.round,
    );
    if (theirs !== undefined) ratios.push(figure(ours) / figure(theirs));
  }
  return median(ratios);
}

/**
 * @param {FleetSummary[]} summaries
 * @returns {string}
 */
export function renderFleetTable(summaries) {
  const rows = [
    [
      'scenario',
      'contender',
      'probes',
      'failed',
      'probes/s',
      'CPU/probe ms',
      'rounds min-max',
      'CPU/run ms',
      'peak RSS MiB',
      'nginx CPU/probe ms',
    ],
  ];
  for (const s of summaries) {
    rows.push([
      s.scenario,
      s.contender,
      String(s.probes),
      String(s.failed),
      fixed(s.probesPerSecond, 0),
      fixed(s.cpuPerProbeMs, 3),
      `${fixed(s.cpuPerProbeMinMs, 3)}-${fixed(s.cpuPerProbeMaxMs, 3)}`,
      fixed(s.cpuMs, 0),
      fixed(mib(s.peakRssBytes), 0),
      fixed(s.serverCpuPerProbeMs, 3),
    ]);
  }
  return renderColumns(rows, [
    'left',
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
 * @param {FleetSummary[]} summaries
 * @param {import('./fleet.js').FleetRun[]} runs
 * @returns {string}
 */
export function renderFleetGoals(summaries, runs) {
  const find = (/** @type {string} */ scenario) =>
    summaries.find((s) => s.scenario === scenario && s.contender === 'frontdoor');
  const { hostnames5000, hostnames10000, sites3000, oneSite } = FLEET_GOALS;
  const h5 = find(hostnames5000.scenario);
  const h10 = find(hostnames10000.scenario);
  const one = find(oneSite.scenario);
  const cpuRatio = medianFleetRatio(runs, sites3000.scenario, (run) => run.cpuMs / Math.max(run.probes, 1));
  const rateRatio = medianFleetRatio(runs, sites3000.scenario, (run) => run.probes / run.wallMs);
  const allProbed = (/** @type {FleetSummary | undefined} */ s, /** @type {number} */ n) =>
    s === undefined ? undefined : s.failed === 0 && s.probes === n;
  const rows = [
    ['goal (frontdoor check -c, whole process)', 'figure', 'goal', ''],
    [
      '5,000 hostnames: every target probed',
      h5 === undefined ? 'n/a' : `${h5.probes}, ${h5.failed} failed`,
      'all',
      verdict(allProbed(h5, 5000)),
    ],
    [
      '5,000 hostnames: probes/s',
      fixed(h5?.probesPerSecond ?? Number.NaN, 0),
      `>= ${hostnames5000.probesPerSecond}`,
      verdict(h5 === undefined ? undefined : h5.probesPerSecond >= hostnames5000.probesPerSecond),
    ],
    [
      '5,000 hostnames: peak RSS',
      `${fixed(mib(h5?.peakRssBytes ?? Number.NaN), 0)} MiB`,
      `< ${hostnames5000.peakRssMiB} MiB`,
      verdict(h5 === undefined ? undefined : mib(h5.peakRssBytes) < hostnames5000.peakRssMiB),
    ],
    [
      '10,000 hostnames: every target probed',
      h10 === undefined ? 'n/a' : `${h10.probes}, ${h10.failed} failed`,
      'all',
      verdict(allProbed(h10, 10_000)),
    ],
    [
      '10,000 hostnames: peak RSS',
      `${fixed(mib(h10?.peakRssBytes ?? Number.NaN), 0)} MiB`,
      `< ${hostnames10000.peakRssMiB} MiB`,
      verdict(h10 === undefined ? undefined : mib(h10.peakRssBytes) < hostnames10000.peakRssMiB),
    ],
    [
      '3,000 sites: CPU/probe, frontdoor / blackbox_exporter',
      `${fixed(cpuRatio, 3)}x`,
      `<= ${sites3000.cpuRatio}x`,
      verdict(Number.isFinite(cpuRatio) ? cpuRatio <= sites3000.cpuRatio : undefined),
    ],
    [
      '3,000 sites: probes/s, frontdoor / blackbox_exporter',
      `${fixed(rateRatio, 3)}x`,
      `>= ${sites3000.rateRatio}x`,
      verdict(Number.isFinite(rateRatio) ? rateRatio >= sites3000.rateRatio : undefined),
    ],
    [
      'one site: CPU from start to exit',
      `${fixed(one?.cpuMs ?? Number.NaN, 0)} ms`,
      `<= ${oneSite.cpuMs} ms`,
      verdict(one === undefined ? undefined : one.cpuMs <= oneSite.cpuMs),
    ],
  ];
  return renderColumns(rows, ['left', 'right', 'right', 'left']);
}
