import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { type BlackboxExporter, startBlackboxExporter } from '../../../src/lab/blackbox-exporter.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { fetchText, type TextResponse } from '../../../src/lab/fetch-text.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { requireTools } from '../lab/require-tools.js';
import { indexSeries } from './parse-exposition.js';
import { type ServedFrontdoor, serveFrontdoor } from './serve-frontdoor.js';

const tools = requireTools(['nginx', 'openssl', 'prometheus-blackbox-exporter']);
const HOST = 'shop.frontdoor.test';

/** Series whose values depend on timing, not on what was answered: compared by presence only. */
const TIMED = /^(probe_duration_seconds|probe_http_duration_seconds|probe_dns_lookup_time_seconds)\b/;

describe.skipIf(tools.skip)("/probe answers as blackbox_exporter's /probe does", () => {
  let ca: CertificateAuthority;
  let nginx: NginxServer | undefined;
  let blackbox: BlackboxExporter | undefined;
  let frontdoor: ServedFrontdoor | undefined;
  let address: string;
  let httpsPort: number;
  let h2Port: number;
  let httpPort: number;
  let deadPort: number;

  beforeAll(async () => {
    ca = await createCertificateAuthority();
    address = allocateLoopbackAddress();
    [httpsPort, h2Port, httpPort, deadPort] = [
      await findFreePort(address),
      await findFreePort(address),
      await findFreePort(address),
      await findFreePort(address),
    ];
    const cert = await ca.issue({ names: [HOST] });
    nginx = await startNginx({
      httpBlock: `
        server {
          listen ${address}:${httpsPort} ssl;
          server_name ${HOST};
          ssl_certificate ${cert.certPath};
          ssl_certificate_key ${cert.keyPath};
          location = /health { add_header x-app-version v1 always; return 200 "ok\\n"; }
          location = /broken { proxy_pass http://${address}:${deadPort}; }
          location = /old { return 301 /health; }
          location = /json { default_type application/json; return 200 '{"status":"ok"}'; }
        }
        server {
          listen ${address}:${h2Port} ssl http2;
          server_name ${HOST};
          ssl_certificate ${cert.certPath};
          ssl_certificate_key ${cert.keyPath};
          location = /health { add_header x-app-version v1 always; return 200 "ok\\n"; }
        }
        server {
          listen ${address}:${httpPort};
          location = /health { return 200 "plain ok\\n"; }
        }`,
    });
    // The same modules for both, in blackbox's own shape: ca_file absolute, as blackbox reads it.
    const tls = { ca_file: ca.caCertPath, server_name: HOST };
    const modules = {
      trust_only: {
        prober: 'http',
        timeout: '5s',
        http: { preferred_ip_protocol: 'ip4', tls_config: { ca_file: ca.caCertPath } },
      },
      post: {
        prober: 'http',
        timeout: '5s',
        http: {
          method: 'POST',
          body: '{"probe":true}',
          headers: { 'Content-Type': 'application/json' },
          preferred_ip_protocol: 'ip4',
          tls_config: tls,
        },
      },
      ip6_only: {
        prober: 'http',
        timeout: '5s',
        http: { preferred_ip_protocol: 'ip6', ip_protocol_fallback: false },
      },
      http_2xx: {
        prober: 'http',
        timeout: '5s',
        http: { preferred_ip_protocol: 'ip4', enable_http2: false, tls_config: tls },
      },
      h2: {
        prober: 'http',
        timeout: '5s',
        http: { preferred_ip_protocol: 'ip4', enable_http2: true, tls_config: tls },
      },
      no_follow: {
        prober: 'http',
        timeout: '5s',
        http: { preferred_ip_protocol: 'ip4', enable_http2: false, follow_redirects: false, tls_config: tls },
      },
      want_json: {
        prober: 'http',
        timeout: '5s',
        http: {
          preferred_ip_protocol: 'ip4',
          enable_http2: false,
          fail_if_not_ssl: true,
          fail_if_body_not_matches_regexp: ['"status":\\s*"ok"'],
          fail_if_header_not_matches: [{ header: 'Content-Type', regexp: 'json' }],
          tls_config: tls,
        },
      },
    };
    blackbox = await startBlackboxExporter({ modules });
    frontdoor = await serveFrontdoor({
      modules: parseConfig(JSON.stringify({ modules }), '/frontdoor.yaml').modules ?? {},
    });
  });
  afterAll(async () => {
    await frontdoor?.app.close();
    await blackbox?.stop();
    await nginx?.stop();
    await ca?.dispose();
  });

  async function both(params: Record<string, string>, headers: Record<string, string> = {}) {
    const query = new URLSearchParams(params);
    const ours = await fetchText(`${(frontdoor as ServedFrontdoor).url}/probe?${query}`, { headers });
    const theirs = await (blackbox as BlackboxExporter).probe(params, headers);
    return { ours, theirs };
  }

  /** Every series blackbox answered is in ours with the same labels, and the same value unless timed. */
  function expectSameSeries(ours: TextResponse, theirs: TextResponse): Map<string, number> {
    expect(ours.status).toBe(200);
    expect(theirs.status).toBe(200);
    const mine = indexSeries(ours.body);
    const reference = indexSeries(theirs.body);
    for (const [key, value] of reference) {
      expect(mine.has(key), `missing ${key}`).toBe(true);
      if (!TIMED.test(key)) expect([key, mine.get(key)]).toEqual([key, value]);
    }
    const extra = [...mine.keys()].filter(
      (key) => !reference.has(key) && !key.startsWith('frontdoor_verdict'),
    );
    expect(extra).toEqual([]);
    return mine;
  }

  it.each<[string, string, string, string]>([
    ['a healthy https target', 'http_2xx', '/health', 'verdict="ok"'],
    [
      'a 502 from nginx whose upstream refuses',
      'http_2xx',
      '/broken',
      'verdict="proxy_upstream_unavailable"',
    ],
    ['a redirect followed', 'http_2xx', '/old', 'verdict="ok"'],
    ['a redirect not followed', 'no_follow', '/old', 'verdict="unexpected_content"'],
    ['a body and header that match the patterns', 'want_json', '/json', 'verdict="ok"'],
    ['a body and header that do not', 'want_json', '/health', 'verdict="unexpected_content"'],
  ])('%s', async (_, module, path, verdict) => {
    const { ours, theirs } = await both({ target: `https://${address}:${httpsPort}${path}`, module });
    const mine = expectSameSeries(ours, theirs);
    expect([...mine.keys()].filter((key) => key.startsWith('frontdoor_verdict'))).toEqual([
      expect.stringContaining(verdict),
    ]);
  });

  it('the hostname parameter as Host and TLS server name', async () => {
    const { ours, theirs } = await both({
      target: `https://${address}:${httpsPort}/health`,
      module: 'trust_only',
      hostname: HOST,
    });
    expect(expectSameSeries(ours, theirs).get('probe_success')).toBe(1);
  });

  // Both offer h2 and http/1.1 in ALPN with enable_http2; nginx with `http2` on its listen chooses h2.
  it.each<[string, string, number]>([
    ['HTTP/2 from a listen with http2, enable_http2: true', 'h2', 2],
    ['HTTP/1.1 from the same listen, enable_http2: false', 'http_2xx', 1.1],
  ])('%s', async (_, module, version) => {
    const { ours, theirs } = await both({ target: `https://${address}:${h2Port}/health`, module });
    const mine = expectSameSeries(ours, theirs);
    expect(mine.get('probe_success')).toBe(1);
    expect(mine.get('probe_http_version')).toBe(version);
  });

  it('a POST with a body', async () => {
    const { ours, theirs } = await both({ target: `https://${address}:${httpsPort}/health`, module: 'post' });
    expect(expectSameSeries(ours, theirs).get('probe_success')).toBe(1);
  });

  it('an IPv4 address for a module that allows IPv6 only', async () => {
    const { ours, theirs } = await both({
      target: `http://${address}:${httpPort}/health`,
      module: 'ip6_only',
    });
    const mine = expectSameSeries(ours, theirs);
    expect(mine.get('probe_success')).toBe(0);
    expect(mine.get('frontdoor_verdict{layer="dns",verdict="dns_failure"}')).toBe(1);
  });

  it('a plain http target', async () => {
    const { ours, theirs } = await both({ target: `http://${address}:${httpPort}/health` });
    const mine = expectSameSeries(ours, theirs);
    expect(mine.get('probe_http_ssl')).toBe(0);
    expect(mine.get('probe_success')).toBe(1);
  });

  it('a refused port', async () => {
    const { ours, theirs } = await both({ target: `http://${address}:${deadPort}/` });
    const mine = expectSameSeries(ours, theirs);
    expect(mine.get('probe_success')).toBe(0);
    expect(mine.get('frontdoor_verdict{layer="connect",verdict="connect_refused"}')).toBe(1);
  });

  it('a target that is not a URL', async () => {
    const { ours, theirs } = await both({ target: 'http://[::1' });
    expectSameSeries(ours, theirs);
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['an unknown module', { target: 'http://a.test/', module: 'nope' }, {}],
    ['no target', { module: 'http_2xx' }, {}],
    [
      'an unreadable scrape timeout',
      { target: 'http://a.test/' },
      { 'X-Prometheus-Scrape-Timeout-Seconds': 'soon' },
    ],
  ])('refuses %s with the same status', async (_, params, headers) => {
    const { ours, theirs } = await both(params, headers);
    expect(ours.status).toBe(theirs.status);
    expect(ours.status).toBeGreaterThanOrEqual(400);
    // blackbox words these from Go's errors; ours agree up to that detail.
    expect(ours.body.split(':')[0]).toBe(theirs.body.split(':')[0]);
  });
});
