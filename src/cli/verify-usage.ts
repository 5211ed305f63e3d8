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
                             target continuously while it runs, then the final burst
      --interval DUR         between probes of a target during the deploy, and between rounds (default 200ms)
      --allow-gap DUR        tolerate failure windows up to DUR during the deploy (default: none)

targets:
  -c, --config FILE          sites, origins and expectations from a YAML configuration
      --site NAME            only this site of the configuration
      --connect-to ADDR[:PORT]
                             pin URL arguments to this address (SNI and Host stay the URL's)
      --resolve HOST:ADDR    fixed DNS answer, like curl --resolve (repeatable; HOST:[::1] for IPv6)

expectations (override or extend a site's expect):
      --expect-status CODE   acceptable status (repeatable or comma list; default 200-399)
      --expect-body TEXT     the body must contain TEXT
      --expect-header NAME:VALUE
                             the response must carry this header value (repeatable)
      --expect-version V     the version header must equal V (the commit just deployed)
      --version-header NAME  header that carries the version (default x-app-version)
      --max-latency DUR      slower than DUR is 'slow' (e.g. 800ms, 2s)

probing:
      --ca FILE              trust this CA certificate too (repeatable)
      --insecure             continue past certificate errors (they are still reported)
      --timeout DUR          whole-probe deadline; every phase is capped by it (default 30s)
      --follow N             follow up to N redirects (default 0: report the redirect itself)
      --concurrency N        targets probed at the same time (default 16)

output:
      --json                 the JSON report ({ ok, results, findings, gate }) instead of the table
      --junit FILE           JUnit XML: one test case per target (written atomically)
      --summary FILE         Markdown for a CI job summary, e.g. --summary "$GITHUB_STEP_SUMMARY"
      --no-color             no colours (also when NO_COLOR is set or stdout is not a terminal)
  -h, --help                 this help
`;
