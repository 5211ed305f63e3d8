import {
  COLOR_AND_HELP_USAGE,
  PROBING_OPTION_LINES,
  REQUEST_USAGE,
  renderExpectationsUsage,
  TARGETS_USAGE,
} from './check-flags-usage.js';

/** `frontdoor verify --help`: every option, with its default. */
export const VERIFY_USAGE = `usage: frontdoor verify -c frontdoor.yaml [--site NAME] [URL...] [options]
       frontdoor verify [URL...] [options] --during -- COMMAND [ARG...]

The deploy gate: a burst of N concurrent requests on fresh connections to every target (each hostname
through the edge and on each origin); every request must pass every expectation. Exit 0 the gate passed,
1 it failed, 2 bad usage.

gate:
      --burst N              requests per target, at once, each on its own connection (default 10)
      --within DUR           during a rollout: retry rounds until every target passes twice in a row,
                             for at most DUR (e.g. 2m); the last round's verdicts count
      --during -- COMMAND... run the deploy command (no shell), stream its output to stderr, probe every
                             target continuously while it runs, then the final burst; what the command
                             leaves running in its process group is stopped when the gate is decided
      --interval DUR         between probes of a target during the deploy, and between rounds (default 200ms)
      --allow-gap DUR        tolerate failure windows up to DUR during the deploy (default: none)

${TARGETS_USAGE}
${renderExpectationsUsage('the commit just deployed')}
${REQUEST_USAGE}
probing:
${PROBING_OPTION_LINES}
output:
      --json                 the JSON report ({ ok, results, findings, gate }) instead of the table
      --junit FILE           JUnit XML: one test case per target (a regular file is replaced atomically;
                             a device, FIFO or /dev/stderr is written through)
      --summary FILE         Markdown for a CI job summary, e.g. --summary "$GITHUB_STEP_SUMMARY"
      --report-to URL        post the deploy mark (version, result, gap per target) to the watch at
                             URL/api/v1/deploys once the gate is decided; a failure to report is a
                             warning, never a changed verdict (at most 10 s)
      --token-file FILE      the watch token (scope deploy) for --report-to; or FRONTDOOR_TOKEN
      --token TOKEN          the same on the command line, visible in the process list: prefer the above
${COLOR_AND_HELP_USAGE}`;
