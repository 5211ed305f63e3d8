import uPlot from 'uplot';
import { buildLatencySeries, CHART_PHASES, type HistoryPoint, stackSeries } from '../latency-series.js';
import { PHASE_COLOURS } from '../palette.js';

const PHASE_NAMES = { dns: 'DNS', connect: 'connect', tls: 'TLS', ttfb: 'first byte', transfer: 'transfer' };

/**
 * The target page's latency chart: the phases of each round (or rollup bucket) over the page's range,
 * stacked so the top line is the whole time; the legend shows each phase's own value under the cursor.
 */
async function start(): Promise<void> {
  const main = document.getElementById('target');
  const container = document.getElementById('latency-chart');
  if (main === null || container === null) return;
  const id = main.dataset.targetId ?? '';
  const range = main.dataset.range ?? '6h';
  const answer = await fetch(
    `/api/v1/targets/${encodeURIComponent(id)}/history?since=${encodeURIComponent(range)}`,
  );
  if (!answer.ok) {
    container.textContent = `The history could not be read (HTTP ${answer.status}).`;
    return;
  }
  const history = (await answer.json()) as { points: HistoryPoint[] };
  if (history.points.length === 0) {
    container.textContent = 'No rounds in this range.';
    return;
  }
  const series = buildLatencySeries(history.points);
  const stacked = stackSeries(series);
  // Drawn top first, each filled down to zero, so every phase shows as its own band.
  const order = [...CHART_PHASES].reverse();
  const options: uPlot.Options = {
    width: Math.max(280, container.clientWidth),
    height: 260,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [{}, { label: 'ms', size: 60 }],
    series: [
      {},
      ...order.map((phase) => ({
        label: PHASE_NAMES[phase],
        stroke: PHASE_COLOURS[phase],
        fill: `${PHASE_COLOURS[phase]}cc`,
        width: 1,
        points: { show: false },
        value: (_u: uPlot, _value: number | null, _series: number, index: number | null) => {
          const own = index === null ? null : series.phases[phase][index];
          return own === null || own === undefined ? '-' : `${own.toFixed(1)} ms`;
        },
      })),
    ],
  };
  const data: uPlot.AlignedData = [series.times, ...order.map((phase) => stacked[phase])];
  container.textContent = '';
  const chart = new uPlot(options, data, container);
  new ResizeObserver(() =>
    chart.setSize({ width: Math.max(280, container.clientWidth), height: 260 }),
  ).observe(container);
}

void start();
