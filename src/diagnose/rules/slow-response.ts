import { formatMilliseconds } from '../../format/format-milliseconds.js';
import { describeVia, type Rule } from '../rule-context.js';
import { VERDICT_LAYER } from '../verdict.js';

/** Every expectation held but the whole exchange took longer than the target allows. */
export const diagnoseSlowResponse: Rule = (ctx) => {
  const { target, observation } = ctx;
  const limit = target.expect.maxLatencyMs;
  const total = observation.timings.total;
  if (limit === undefined || total <= limit) return undefined;
  const { timings } = observation;
  const phases = (['dns', 'connect', 'tls', 'ttfb', 'transfer'] as const)
    .filter((phase) => timings[phase] !== undefined)
    .map((phase) => `${phase} ${formatMilliseconds(timings[phase] ?? 0)}`);
  const slowest = (['dns', 'connect', 'tls', 'ttfb', 'transfer'] as const).reduce((worst, phase) =>
    (timings[phase] ?? 0) > (timings[worst] ?? 0) ? phase : worst,
  );
  return {
    verdict: 'slow',
    layer: VERDICT_LAYER.slow,
    summary: `${target.hostname} on ${describeVia(ctx)} took ${formatMilliseconds(total)}, limit ${formatMilliseconds(limit)}; most of it in ${slowest === 'ttfb' ? 'waiting for the first byte (the app or its upstream)' : slowest}`,
    evidence: [`total ${formatMilliseconds(total)} > max ${formatMilliseconds(limit)}`, phases.join(', ')],
  };
};
