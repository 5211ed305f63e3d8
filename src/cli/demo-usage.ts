/** `frontdoor demo --help`. */
export const DEMO_USAGE = `usage: frontdoor demo [SCENARIO...] [options]

Brings up a lab on loopback (a CDN edge emulator, nginx origins with a private CA, php-fpm, haproxy, small
app backends) with one failure injected, checks it the way 'frontdoor check' would, prints the diagnosis,
and tears everything down. Without a SCENARIO it replays the four incidents one after another.
Exit 0 when every diagnosis matched what was broken, 1 otherwise, 2 on bad usage.

options:
      --list                 name every scenario, what it breaks and the programs it needs
      --burst N              requests per target, sent at once (default: what the scenario needs)
      --json                 one JSON document: each scenario's expectation, match and report
      --no-color             no ANSI colours (also NO_COLOR=1)
  -h, --help                 this help
`;
