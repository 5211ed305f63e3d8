export const REPLAY_USAGE = `frontdoor replay: run the incident engine over recorded inputs and print what it would do

usage: frontdoor replay FILE [-c CONFIG] [--json]

  FILE                 JSON lines: round batches ("type": "rounds") and maintenance changes
                       ("type": "maintenance"), in the order the watch recorded them; - reads stdin
  -c, --config FILE    frontdoor.yaml: environments, alerts.policies and sites decide who is paged and how
                       (default: the built-in page and quiet policies, with no channels)
  --json               one JSON object a line: each transition and notification, then a summary
  -h, --help           this help

Each notification shows its idempotency key, kind, policy and channels, and its title. Nothing is sent.
exit status: 0 replayed, 2 bad usage, configuration or input line (named as FILE:LINE).
`;
