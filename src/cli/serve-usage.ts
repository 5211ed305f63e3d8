export const SERVE_USAGE = `frontdoor serve: the watch, probing every target all the time and remembering what it saw

usage: frontdoor serve -c FILE [--store sqlite:PATH] [--listen ADDR:PORT] [--location NAME]
       frontdoor serve -c FILE --validate

  -c, --config FILE        frontdoor.yaml: sites, origins, and the watch, alerts, maintenance, api sections
  --store sqlite:PATH      where history is kept (default sqlite:./frontdoor.db; created with its
                           schema on first start, migrated on upgrade)
  --listen ADDR:PORT       the HTTP API, /metrics and /probe (default 127.0.0.1:9470); an address other
                           than loopback needs api.tokens
  --location NAME          this probe node's name in stored rounds and metrics (default local)
  --validate               check the whole file, print a summary and exit
  -h, --help               this help

signals: SIGHUP reloads the configuration (a bad file is refused and the running one kept); SIGTERM or
Ctrl-C finishes the probes in flight, writes what is queued and exits 0.
Logs are JSON lines on stdout. Endpoints and every key: docs/watch.md.

exit status: 0 stopped cleanly (or --validate found the file valid), 2 bad usage or configuration, a
store that cannot be opened or an address that cannot be listened on.
`;
