/**
 * The dashboard's Content-Security-Policy: only this server's own scripts, styles, images and API, no
 * inline script or style, no fonts, no frames, forms only back to itself. A page that tried to load
 * anything from elsewhere (a CDN, a web font) would be blocked by the browser, and the browser tests
 * would see the violation: the header is the proof that nothing leaves this server.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every dashboard response carries. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
