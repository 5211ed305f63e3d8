/** `frontdoor demo --help`. */
export const DEMO_USAGE = `usage: frontdoor demo [SCENARIO...] [options]
       frontdoor demo --watch [SCENARIO]

Brings up a lab on loopback (a CDN edge emulator, nginx origins with a private CA, php-fpm, haproxy, small
app backends) with one failure injected, checks it the way 'frontdoor check' would, prints the diagnosis,
and tears everything down. Without a SCENARIO it replays the four incidents one after another.
Exit 0 when every diagnosis matched what was broken, 1 otherwise, 2 on bad usage.

options:
      --list                 name every scenario, what it breaks and the programs it needs
      --watch                the lab (default: healthy) with 'frontdoor serve' watching it: prints the
                             API's address (127.0.0.1:9470 when free) and runs until Ctrl-C, which
                             tears everything down
      --burst N              requests per target, sent at once (default: what the scenario needs)
      --json                 one JSON document: each scenario's expectation, match and report
      --no-color             no ANSI colours (also NO_COLOR=1)
  -h, --help                 this help
`;
