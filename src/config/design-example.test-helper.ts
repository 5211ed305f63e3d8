/** The v1 example from DESIGN.md, verbatim, shared by the tests that parse and expand it. */
export const DESIGN_EXAMPLE = `environments:
  production: { alerts: page }       # wakes someone
  acceptance: { alerts: quiet }      # recorded and shown, never pages
origins:                             # the boxes behind the edge, name -> address[:port]
  web1: 10.0.0.11
  web2: "[2001:db8::12]:8443"
resolve:                             # optional fixed answers, like curl --resolve
  shop.internal: 10.0.0.11
sites:
  shop:
    environment: production
    url: https://shop.example.com/health   # probed through the edge (normal DNS)
    aliases: [shop.internal]               # other hostnames that must serve the same site
    origins: [web1, web2]                  # every hostname is also probed directly on each origin
    expect: { status: 200, body: "ok", version_header: x-app-version, max_latency: 800ms }
host:
  listeners: { "443": nginx, "unix:/run/php/php8.3-fpm.sock": php-fpm }
`;
