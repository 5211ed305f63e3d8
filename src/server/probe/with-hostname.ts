import type { ProbeModule } from '../../config/probe-module.js';

export type HostnameOutcome = { ok: true; module: ProbeModule } | { ok: false; problem: string };

/**
 * `/probe`'s `hostname` parameter: the Host header (and so the default SNI) for this request, as
 * blackbox's setHTTPHost. A module that sets another Host header is a contradiction, refused in blackbox's
 * words; the module itself is never changed.
 * @example withHostname(module, 'shop.example.com').module.http.headers // { ..., Host: 'shop.example.com' }
 */
export function withHostname(module: ProbeModule, hostname: string): HostnameOutcome {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(module.http.headers)) {
    if (name.toLowerCase() === 'host') {
      if (value !== hostname) {
        return {
          ok: false,
          problem: `host header defined both in module configuration (${value}) and with URL-parameter 'hostname' (${hostname})`,
        };
      }
      continue;
    }
    headers[name] = value;
  }
  headers.Host = hostname;
  return { ok: true, module: { ...module, http: { ...module.http, headers } } };
}
