export const MAINTENANCE_USAGE = `frontdoor maintenance: start, end and list maintenance windows of a running frontdoor serve

usage: frontdoor maintenance start --for DURATION (--origin O | --site S | --environment E)... [--reason TEXT] [--name NAME]
       frontdoor maintenance end ID
       frontdoor maintenance list [--active | --ended] [--json]

  --for DURATION        how long the window lasts (required: every window has an end), e.g. 30m, 2h;
                        capped by the daemon at its watch.maintenance_max (default 4h)
  --origin ORIGIN       hold the notifications of every target on this origin (repeatable)
  --site SITE           ... of this site (repeatable)
  --environment ENV     ... of this environment (repeatable)
  --reason TEXT         why, kept on the timeline
  --name NAME           the window's name (default: its scope)
  --active, --ended     list only open or only ended windows (default both, newest first)
  --json                print the API's answer as JSON
  --server URL          the daemon's address (default http://127.0.0.1:9470)
  --token-file FILE     the token (write scope for start and end, read for list); else FRONTDOOR_TOKEN
  --token TOKEN         the token itself (visible in the process list: prefer the two above)
  -h, --help            this help

Probes keep running inside a window; only notifications wait, and when it ends every target in its scope
is probed at once.

exit status: 0 done, 2 bad usage, or FD_ERR_WATCH_API: the watch could not be reached or refused.
`;
