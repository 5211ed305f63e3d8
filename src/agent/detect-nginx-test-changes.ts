import type { HostEventFacts } from '../incidents/host-event.js';
import type { NginxTestState } from './host-snapshot.js';

/**
 * Pure: `nginx -t` failing where it did not (or failing with other words than before), and passing
 * again after a failure. "needs root", "not installed" and "not run" say nothing about the
 * configuration, so they neither start nor end a failure.
 */
export function detectNginxTestChanges(
  previous: NginxTestState | undefined,
  current: NginxTestState,
): HostEventFacts[] {
  const config = current.config ?? previous?.config;
  if (config === undefined) return [];
  if (current.status === 'failed') {
    const same = previous?.status === 'failed' && sameOutput(previous.output, current.output);
    if (same || previous === undefined) return [];
    return [
      {
        type: 'nginx_test_failing',
        config,
        output: current.output,
        outputTruncated: current.outputTruncated,
      },
    ];
  }
  if (current.status === 'passed' && previous?.status === 'failed') {
    return [{ type: 'nginx_test_recovered', config, output: current.output }];
  }
  return [];
}

function sameOutput(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}
