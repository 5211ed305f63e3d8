/**
 * Packages that own or compete for front-door sockets (:80, :443, the php-fpm socket), with why each matters.
 * An upgrade of any of them restarts a process that binds those sockets; incident 000 was nginx restarted
 * by an unattended upgrade while a VPN daemon's HTTPS feature took :443. This list is the documentation:
 * extend it here, with the reason shown to operators.
 */
export const FRONT_DOOR_PACKAGES: readonly { pattern: RegExp; reason: string }[] = [
  {
    pattern: /^nginx(-.*)?$/,
    reason: 'the reverse proxy itself: an upgrade restarts it and it must re-bind :80/:443',
  },
  { pattern: /^libnginx-mod-/, reason: 'an nginx module: its upgrade restarts nginx' },
  { pattern: /^angie(-.*)?$|^openresty(-.*)?$/, reason: 'an nginx build: binds :80/:443' },
  {
    pattern: /^apache2(-.*)?$|^libapache2-mod-/,
    reason: 'apache binds :80/:443 by default: competes with nginx',
  },
  { pattern: /^haproxy$/, reason: 'a proxy that binds front-door ports' },
  {
    pattern: /^caddy$|^traefik$|^envoy$|^lighttpd$|^varnish$|^h2o$/,
    reason: 'a web server or proxy that binds :80/:443',
  },
  {
    pattern: /^php[\d.]*-fpm$/,
    reason: 'php-fpm owns the application socket behind nginx; a failed reload leaves the old pool',
  },
  { pattern: /^tailscale$/, reason: "a mesh VPN whose 'serve'/'funnel' can bind :443" },
  {
    pattern:
      /^openvpn$|^openconnect$|^ocserv$|^strongswan(-.*)?$|^wireguard(-tools)?$|^zerotier-one$|^netbird$/,
    reason: 'a VPN daemon: may bind :443 (TCP fallback) or change routing',
  },
  { pattern: /^cloudflared$|^ngrok$/, reason: 'a tunnel daemon that publishes local ports' },
  { pattern: /^certbot$|^python3-certbot-nginx$/, reason: 'renews certificates and reloads the proxy' },
  {
    pattern: /^libssl[\d.]+$|^openssl$/,
    reason: 'the TLS library: services restart (needrestart) to load it',
  },
  { pattern: /^systemd$/, reason: 'service manager: restarts units on upgrade' },
];

/** Why a package matters to the front door, or undefined when it does not. */
export function classifyFrontDoorPackage(name: string): string | undefined {
  return FRONT_DOOR_PACKAGES.find((entry) => entry.pattern.test(name))?.reason;
}
