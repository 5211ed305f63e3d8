import type { Layer, Verdict } from '../diagnose/verdict.js';

/**
 * What a visitor met, per verdict, in the words of the write-ups in ../shared/incidents: the browser's
 * side of the failure, not the diagnosis. The compiler proves every verdict has its sentence.
 */
export const VISITOR_VIEW: Record<Verdict, string> = {
  ok: 'the site as usual',
  dns_failure: 'a "site can\'t be reached" page: the name did not resolve',
  connect_refused: 'a connection error: nothing accepted the connection (through a CDN, its 521 page)',
  connect_timeout: 'a page that spun and then gave up: the connection was never answered',
  tls_handshake_failed: 'a secure-connection error: the server did not complete the TLS handshake',
  tls_wrong_certificate: 'a certificate warning: the certificate did not match the site or was not trusted',
  tls_expired: 'a certificate warning: the certificate had expired',
  tls_expiring: 'the site as usual, with a certificate about to expire',
  tls_client_certificate_required: 'a secure-connection error: the server asked for a client certificate',
  response_timeout: 'a page that never finished loading: connected, but no complete answer came',
  protocol_error: 'a broken or empty page: the answer was not valid HTTP',
  http2_failure:
    'a connection error or a broken page in the browser (which speaks HTTP/2) while curl over HTTP/1.1 still worked',
  edge_origin_unreachable:
    "the CDN's own error page (such as Cloudflare's 521 or 522): it could not reach the origin",
  edge_blocked: "the CDN's block or challenge page: the request never reached the origin",
  proxy_upstream_unavailable: 'a "502 Bad Gateway" (or 503, 504) from the reverse proxy',
  proxy_generated_error: "the reverse proxy's own error page",
  host_not_routed:
    'an error for the hostname itself, such as "400 Bad Request - Invalid Hostname", or another site',
  redirect_loop: 'a "too many redirects" error',
  insecure_redirect: 'a redirect from the secure site to an insecure address',
  app_error: "the application's error page (a 5xx)",
  client_error: 'an unexpected 4xx, such as 404 Not Found or 401',
  unexpected_content: 'a page that loaded but was not the expected content',
  wrong_version: 'an older (or other) version of the site than the one deployed',
  intermittent: 'errors on some requests while others worked: a reload often "fixed" it',
  slow: 'the site, slowly',
  wrong_listener: 'whatever the wrong process on the port answered, or nothing',
  socket_missing: 'errors: the socket the site depends on was not listening',
  owner_unknown: 'nothing unusual yet: the owner of the port could not be told',
  config_drift: 'nothing unusual yet: the proxy configuration had drifted from its baseline',
};

/** What each layer is, for "which layer failed". */
export const LAYER_MEANING: Record<Layer, string> = {
  '-': 'no layer failed',
  dns: 'name resolution, before any connection',
  connect: "the TCP connection to the front door's port: nothing there accepted it",
  tls: 'the TLS handshake and certificate',
  http: 'the HTTP exchange itself: an answer that never completed or was not HTTP',
  edge: 'the CDN edge in front of the origins',
  proxy: 'the reverse proxy on the origin (nginx, haproxy) in front of the apps',
  app: 'the application behind the proxy',
  content: 'the content of an answer that otherwise arrived',
  host: 'the origin host itself: who holds the socket and how it is configured',
};
