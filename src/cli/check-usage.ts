import {
  COLOR_AND_HELP_USAGE,
  PROBING_OPTION_LINES,
  REQUEST_USAGE,
  renderExpectationsUsage,
  TARGETS_USAGE,
} from './check-flags-usage.js';

/** `frontdoor check --help`: every option, with its default. */
export const CHECK_USAGE = `usage: frontdoor check URL... [options]
       frontdoor check -c frontdoor.yaml [--site NAME] [URL...] [options]

Probes each URL (and, with -c, every hostname of every site through the edge and on each origin),
diagnoses each target and names the layer that failed. Exit 0 all ok, 1 something failed, 2 bad usage.

${TARGETS_USAGE}
${renderExpectationsUsage()}
${REQUEST_USAGE}
probing:
      --burst N              N concurrent requests per target, each on its own connection (default 1, at most 1000)
${PROBING_OPTION_LINES}
output:
      --json                 the JSON report ({ ok, results, findings }) instead of the table
${COLOR_AND_HELP_USAGE}`;
