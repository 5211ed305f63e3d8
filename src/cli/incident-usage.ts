export const INCIDENT_USAGE = `frontdoor incident: the watch's incidents, from its API

usage: frontdoor incident list [--state open|resolved|all] [--limit N] [--json] [--server URL]
       frontdoor incident show ID [--markdown | --json] [--server URL]

  list                 open incidents and the latest resolved ones, newest first: id, status, opened,
                       policy, layer and title
  show ID              one incident: cause, layer, when, targets and the last failing evidence
  --markdown           (show) the drafted write-up, exactly as the dashboard offers it for download
  --json               the API's JSON: the list, or the incident's whole dossier
  --state STATE        (list) open, resolved or all (default all)
  --limit N            (list) at most N incidents, 1 to 1000 (default 100)
  --server URL         the watch's base URL (default http://127.0.0.1:9470, serve's default --listen)
  --token-file FILE    a token of scope read; also FRONTDOOR_TOKEN, or --token (visible in ps). Not needed
                       on the watch's own machine while api.tokens lists no read token
  --timeout DUR        for the whole request (default 10s)
  -h, --help           this help

exit status: 0 printed, 2 bad usage, an unknown incident, or a watch that cannot be reached or refuses.
`;
