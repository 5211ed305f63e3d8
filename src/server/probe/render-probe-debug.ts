import { stringify } from 'yaml';
import { formatLogfmt, type ProbeLogEntry } from './probe-log.js';

/**
 * `/probe?debug=true`: the probe's log, the metrics it would have returned and the module as applied
 * (describeModule), in blackbox's three sections, so the habit of reading one works on the other.
 */
export function renderProbeDebug(input: {
  log: readonly ProbeLogEntry[];
  context: Readonly<Record<string, string>>;
  metricsText: string;
  module: Record<string, unknown>;
}): string {
  return [
    'Logs for the probe:',
    formatLogfmt(input.log, input.context),
    '',
    '',
    '',
    'Metrics that would have been returned:',
    input.metricsText.trimEnd(),
    '',
    '',
    '',
    'Module configuration:',
    stringify(input.module).trimEnd(),
    '',
  ].join('\n');
}
