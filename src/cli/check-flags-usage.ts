/*
 * The help for the flags check and verify share (parse-check-args.ts parses them for both), written once
 * so the two commands can never document the same flag differently.
 */

/** The `targets:` section: where the targets come from and how their names resolve. */
export const TARGETS_USAGE = `targets:
  -c, --config FILE          sites, origins and expectations from a YAML configuration
      --site NAME            only this site of the configuration
      --connect-to ADDR[:PORT]
                             pin URL arguments to this address (SNI and Host stay the URL's)
      --resolve HOST:ADDR    fixed DNS answer, like curl --resolve (repeatable; HOST:[::1] for IPv6)
`;

/**
 * The `expectations:` section; `versionNote` says what V stands for in the command's own terms (verify's
 * is the commit just deployed).
 */
export function renderExpectationsUsage(versionNote?: string): string {
  const version = versionNote === undefined ? '' : ` (${versionNote})`;
  return `expectations (override or extend a site's expect):
      --expect-status CODE   acceptable status (repeatable or comma list; default 200-399)
      --expect-body TEXT     the body must contain TEXT
      --expect-header NAME:VALUE
                             the response must carry this header value (repeatable)
      --expect-version V     the version header must equal V${version}
      --version-header NAME  header that carries the version (default x-app-version)
      --max-latency DUR      slower than DUR is 'slow' (e.g. 800ms, 2s)
      --expect-body-regex RE the body must match this regular expression (JavaScript syntax)
      --expect-json PATH=VALUE
                             the body, read as JSON, must hold VALUE at PATH ($.status=ok,
                             $.checks[0].ok=true; repeatable)
      --cert-min-days N      a certificate expiring within N days is 'tls_expiring' (default 14; 0: off)
`;
}

/** The `request:` section: what every target sends, laid over a site's own method, headers and body. */
export const REQUEST_USAGE = `request (every target; a site's own are replaced, headers merged by name):
      --method M             request method (default GET, or POST with --request-body)
      --header 'NAME: VALUE' an extra request header (repeatable)
      --request-body TEXT    send TEXT as the request body, with its Content-Length
      --http1.1 / --http2    offer only this HTTP version in TLS (default: h2, then http/1.1, as a
                             browser; per site: http: [h1])
`;

/**
 * The option lines of the `probing:` section, without its heading: check lists its --burst there, verify
 * among its gate options, each with its own default.
 */
export const PROBING_OPTION_LINES = `      --ca FILE              trust this CA certificate too (repeatable)
      --insecure             continue past certificate errors (they are still reported)
      --timeout DUR          whole-probe deadline; every phase is capped by it (default 30s; a number
                             needs its unit: 10s, 800ms)
      --max-body SIZE        read at most SIZE of each response body (default 1MiB; e.g. 4MiB, 512KiB)
      --follow N             follow up to N redirects (default 0: report the redirect itself)
      --allow-insecure-redirect
                             follow a redirect from https to plain http instead of failing
                             with insecure_redirect (per site: allow_insecure_redirect)
      --concurrency N        targets probed at the same time (default 16)
      --no-catch-all         never ask an origin for Host frontdoor-catch-all.invalid to tell an
                             unrouted hostname from its default server (see README)
`;

/** The last lines of every `output:` section. */
export const COLOR_AND_HELP_USAGE = `  -v, --verbose              the table shows each target's stable id, and the evidence under each
                             failing target
      --no-color             no colours (also when NO_COLOR is set or stdout is not a terminal)
  -h, --help                 this help
`;
