import { formatMilliseconds } from '../format/format-milliseconds.js';
import type { ProbeObservation } from '../probe/observation.js';
import { isPassingVerdict } from './passing.js';
import { readServerProduct } from './response-facts.js';
import { type Diagnosis, VERDICT_LAYER, type Verdict } from './verdict.js';

/** "nginx 500 in 4 ms" / "connect_refused after 0.3 ms": one request in a few words. */
export function describeBriefly(observation: ProbeObservation): string {
  const { http, failure } = observation;
  if (failure !== undefined) return `${failure.code} after ${formatMilliseconds(failure.durationMs)}`;
  if (http === undefined) return 'no response';
  return `${readServerProduct(http) ?? 'no server header'} ${http.status} in ${formatMilliseconds(http.ttfbMs)}`;
}

/** Most common first; ties keep the order of first appearance. */
function countVerdicts(diagnoses: readonly Diagnosis[]): Array<[Verdict, number]> {
  const counts = new Map<Verdict, number>();
  for (const { verdict } of diagnoses) counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function describeCounts(
  failing: ReadonlyArray<{ diagnosis: Diagnosis; observation: ProbeObservation }>,
): string {
  return countVerdicts(failing.map((item) => item.diagnosis))
    .map(([verdict, count]) => {
      const examples = failing
        .filter((item) => item.diagnosis.verdict === verdict)
        .map((item) => describeBriefly(item.observation));
      const distinct = [...new Set(examples)];
      const shown = distinct.length > 2 ? `${distinct.slice(0, 2).join('; ')}; ...` : distinct.join('; ');
      return `${count}x ${verdict} (${shown})`;
    })
    .join(', ');
}

/**
 * One verdict for a burst of N requests: all passed -> ok (slow if any was slow); some failed ->
 * intermittent, "k of N"; all failed -> the most common failing verdict, "N of N".
 */
export function combineBurst(
  observations: readonly ProbeObservation[],
  diagnoses: readonly Diagnosis[],
): Diagnosis {
  const size = diagnoses.length;
  const items = diagnoses.flatMap((diagnosis, index) => {
    const observation = observations[index];
    return observation === undefined ? [] : [{ diagnosis, observation }];
  });
  const failing = items.filter((item) => !isPassingVerdict(item.diagnosis.verdict));
  const k = failing.length;

  if (k === 0) {
    const chosen = items.find((item) => item.diagnosis.verdict === 'slow') ?? items[0];
    if (chosen === undefined) throw new RangeError('combineBurst needs at least one diagnosis');
    const slowCount = items.filter((item) => item.diagnosis.verdict === 'slow').length;
    const totals = items.map((item) => item.observation.timings.total);
    const range = `${formatMilliseconds(Math.min(...totals))} to ${formatMilliseconds(Math.max(...totals))}`;
    const lead =
      slowCount > 0 ? `${slowCount} of ${size} requests slow: ` : `${size} of ${size} requests passed: `;
    return {
      ...chosen.diagnosis,
      summary: `${lead}${chosen.diagnosis.summary}`,
      evidence: [`${size} concurrent requests, totals ${range}`, ...chosen.diagnosis.evidence],
      burst: { size, failed: 0 },
    };
  }

  const topVerdict = countVerdicts(failing.map((item) => item.diagnosis))[0]?.[0];
  const representative =
    failing.find((item) => item.diagnosis.verdict === topVerdict)?.diagnosis ?? failing[0]?.diagnosis;
  if (representative === undefined) throw new RangeError('combineBurst lost its failing diagnoses');
  const counts = `${k} of ${size} requests failed: ${describeCounts(failing)}`;

  if (k < size) {
    return {
      verdict: 'intermittent',
      layer: VERDICT_LAYER.intermittent,
      summary: `${k} of ${size} requests failed (${representative.verdict}): ${representative.summary}`,
      evidence: [counts, `${size - k} of ${size} passed`, ...representative.evidence],
      burst: { size, failed: k },
    };
  }
  return {
    ...representative,
    summary: `${size} of ${size} requests failed: ${representative.summary}`,
    evidence: [counts, ...representative.evidence],
    burst: { size, failed: k },
  };
}
