/** `frontdoor check --help`: every option, with its default. */
export const CHECK_USAGE = `usage: frontdoor check URL... [options]
       frontdoor check -c frontdoor.yaml [--site NAME] [URL...] [options]

Probes each URL (and, with -c, every hostname of every site through the edge and on each origin),
diagnoses each target and names the layer that failed. Exit 0 all ok, 1 something failed, 2 bad usage.

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
      --expect-version V     the version header must equal V
      --version-header NAME  header that carries the version (default x-app-version)
      --max-latency DUR      slower than DUR is 'slow' (e.g. 800ms, 2s)

probing:
      --burst N              N concurrent requests per target, each on its own connection (default 1, at most 1000)
      --ca FILE              trust this CA certificate too (repeatable)
      --insecure             continue past certificate errors (they are still reported)
      --timeout DUR          whole-probe deadline; every phase is capped by it (default 30s)
      --follow N             follow up to N redirects (default 0: report the redirect itself)
      --concurrency N        targets probed at the same time (default 16)

output:
      --json                 the JSON report ({ ok, results, findings }) instead of the table
      --no-color             no colours (also when NO_COLOR is set or stdout is not a terminal)
  -h, --help                 this help
`;
