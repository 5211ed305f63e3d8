export const MAINTENANCE_USAGE = `frontdoor maintenance: start, end and list maintenance windows of a running frontdoor serve

usage: frontdoor maintenance start --for DURATION (--origin O | --site S | --environment E)... [--reason TEXT] [--name NAME]
       frontdoor maintenance end ID
       frontdoor maintenance list [--active | --ended] [--json]

  --for DURATION        how long the window lasts (required: every window has an end), e.g. 30m, 2h;
                        capped at 4h by the daemon
  --origin ORIGIN       hold the notifications of every target on this origin (repeatable)
  --site SITE           ... of this site (repeatable)
  --environment ENV     ... of this environment (repeatable)
  --reason TEXT         why, kept on the timeline
  --name NAME           the window's name (default: its scope)
  --active, --ended     list only open or only ended windows (default both, newest first)
  --json                print the API's answer as JSON
  --server URL          the daemon's address (default http://127.0.0.1:9470)
  -h, --help            this help

The token (write scope for start and end, read for list) is read from FRONTDOOR_TOKEN, never from a flag,
so it stays out of the process list. Probes keep running inside a window; only notifications wait, and
when it ends every target in its scope is probed at once.

exit status: 0 done, 1 the daemon could not be reached or failed, 2 bad usage or a request it refused.
`;
