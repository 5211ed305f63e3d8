export const AGENT_USAGE = `frontdoor agent: watch this origin host from inside and report what changes to the watch

usage: frontdoor agent --server URL [--token-file FILE] [-c frontdoor.yaml] [--origin NAME] [options]

Every interval it runs the checks of 'frontdoor host' and sends what changed as events to
POST URL/api/v1/events, in order, with sequence numbers: a listener's owner changed, an expected socket
disappeared or came back, 'nginx -t' started or stopped failing, configuration drift appeared or cleared,
packages were installed, upgraded or removed (and by whom), a front-door service restarted, and what it
could not read. Events are spooled on disk while the watch is unreachable and sent when it returns.

  --server URL               the watch's base URL (e.g. https://watch.example.com)
  --token-file FILE          the agent token (scope agent, bound to this origin), one line
  --token TOKEN              the token on the command line: visible to every user in the process list;
                             prefer --token-file or the FRONTDOOR_TOKEN environment variable
  -c, --config FILE          frontdoor.yaml: origins, host.listeners, host.nginx_config, host.state_dir,
                             host.origin
  --origin NAME              the origin this host is (default: host.origin, else the origin named like
                             this host, else the origin whose address is one of this host's)
  --interval DUR             between checks (default 30s)
  --spool DIR                state and unsent events (default STATE_DIR/agent, /var/lib/frontdoor/agent)
  --once                     one check and one attempt to send, then exit: 0 when nothing is left to
                             send, 1 when events wait in the spool for the next run
  --listener SPEC=NAME       expect NAME to hold SPEC (as 'frontdoor host'); repeatable, adds to
                             host.listeners
  --nginx-config FILE        the proxy's main configuration (default /etc/nginx/nginx.conf)
  --state-dir DIR            where configuration baselines are kept (default /var/lib/frontdoor)
  --log-dir DIR              where apt/history.log and dpkg.log are (default /var/log)
  -h, --help                 this help

SIGTERM or Ctrl-C stops it cleanly; unsent events stay in the spool. Run as root, or with
CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, to see which process holds each socket; without, it reports
what it could not read. docs/agent.md has a systemd unit and the event format.
`;
