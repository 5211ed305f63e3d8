import type { ProbeObservation, ProbeRequest } from './observation.js';
import type { ProbeOptions } from './probe-options.js';
import { runProbe } from './run-probe.js';

/**
 * `size` probes of the same request started at once, each on its own fresh connection (and TLS handshake):
 * the way a deploy's first burst of visitors meets a flapping pool. Results keep the start order.
 */
export function runBurst(
  request: ProbeRequest,
  options: ProbeOptions,
  size: number,
): Promise<ProbeObservation[]> {
  const probes: Promise<ProbeObservation>[] = [];
  for (let i = 0; i < size; i += 1) probes.push(runProbe(request, options));
  return Promise.all(probes);
}
