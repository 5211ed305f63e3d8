export const HOST_USAGE = `frontdoor host: who really holds the front door's sockets, and what changed on this box

usage: frontdoor host [options]
       frontdoor host baseline [-c FILE] [--nginx-config FILE] [--state-dir DIR] [--json]

  -c, --config FILE          frontdoor.yaml: host.listeners, host.nginx_config, host.state_dir
  --listener SPEC=NAME       expect NAME to hold SPEC: PORT (any address), ADDR:PORT, [IPV6]:PORT or
                             unix:PATH; repeatable, adds to host.listeners (e.g. 443=nginx,
                             unix:/run/php/php8.2-fpm.sock=php-fpm)
  --nginx-config FILE        the proxy's main configuration (default /etc/nginx/nginx.conf)
  --state-dir DIR            where configuration baselines are kept (default /var/lib/frontdoor)
  --since DUR                package changes in this window: 90m, 36h, 7d, 2w (default 7d)
  --json                     machine-readable output with the same verdict codes
  -h, --help                 this help

'frontdoor host baseline' accepts the current configuration tree as the baseline for drift detection.

exit status: 0 every listener as expected and no drift, 1 wrong_listener, socket_missing, owner_unknown
(a holder this user cannot see) or config_drift, 2 bad usage or configuration. Run as root to see every
process's sockets.
`;
