import { describe, expect, it } from 'vitest';
import { diagnose, diagnoseBurst } from './diagnose.js';
import { buildFailure, buildObservation } from './fixtures/build-observation.js';
import { buildTarget } from './fixtures/build-target.js';
import {
  buildHealthyAppResponse,
  buildIncident000,
  buildIncident001,
  buildIncident002,
  buildIncident003,
} from './fixtures/incidents.js';
import { CLOUDFLARE_ERROR_HEADERS } from './fixtures/pages/cloudflare-pages.js';
import { NGINX_500, NGINX_HEADERS, NGINX_WELCOME } from './fixtures/pages/nginx-pages.js';
import { VERDICT_LAYER } from './verdict.js';

const web1 = { host: '10.0.0.11', port: 443 };

describe('diagnose: incidents', () => {
  it('000: Cloudflare 521 through the edge, nothing listening on each origin', () => {
    const results = buildIncident000().map((input) => ({
      name: input.target.name,
      diagnosis: diagnose(input),
    }));
    const edge = results.filter((result) => result.name.endsWith('via edge'));
    const direct = results.filter((result) => !result.name.endsWith('via edge'));
    expect(edge.map((result) => result.diagnosis.verdict)).toEqual([
      'edge_origin_unreachable',
      'edge_origin_unreachable',
    ]);
    expect(edge[0]?.diagnosis.summary).toContain('Cloudflare 521');
    expect(edge[0]?.diagnosis.summary).toContain('origin refused the connection');
    expect(direct.every((result) => result.diagnosis.verdict === 'connect_refused')).toBe(true);
    expect(direct[0]?.diagnosis.summary).toBe(
      'nothing listens on 10.0.0.11:443; ask the host who owns the port: frontdoor host',
    );
    expect(direct[0]?.diagnosis.evidence).toContain(
      'connect to 10.0.0.11:443 failed (connect_refused, ECONNREFUSED) after 0.3 ms',
    );
  });

  it('001: HTTP.sys "Invalid Hostname" on the public name, internal name served', () => {
    const { publicName, internalName } = buildIncident001();
    const refused = diagnose(publicName);
    expect(refused.verdict).toBe('host_not_routed');
    expect(refused.layer).toBe('proxy');
    expect(refused.summary).toBe(
      "web1 does not route app.com: 400 'Invalid Hostname' from HTTP.sys (no IIS site binding); add a binding for app.com there",
    );
    expect(refused.evidence).toContain('server: Microsoft-HTTPAPI/2.0');
    expect(diagnose(internalName).verdict).toBe('ok');
  });

  it("002: nginx's own 502 in 3 ms names the upstream, not the app", () => {
    const diagnosis = diagnose(buildIncident002());
    expect(diagnosis.verdict).toBe('proxy_upstream_unavailable');
    expect(diagnosis.summary).toMatch(/^nginx on web1 answered 502 in 3\.2 ms: .*the app was not reached/);
    expect(diagnosis.evidence).toEqual([
      'answered 502 Bad Gateway in 3.2 ms, no x-app-version header',
      'server: nginx/1.22.1',
      "body is nginx's stock 502 page ('<h1>502 Bad Gateway</h1>', '<center>nginx/1.22.1</center>')",
    ]);
  });

  it('003: 2 of 10 requests get nginx 500 in 4 ms -> intermittent, counted in evidence', () => {
    const diagnosis = diagnose(buildIncident003());
    expect(diagnosis.verdict).toBe('intermittent');
    expect(diagnosis.layer).toBe('app');
    expect(diagnosis.summary).toMatch(/^2 of 10 requests failed \(proxy_generated_error\): /);
    expect(diagnosis.summary).toContain('php-fpm');
    expect(diagnosis.evidence[0]).toBe(
      '2 of 10 requests failed: 2x proxy_generated_error (nginx 500 in 4.1 ms)',
    );
    expect(diagnosis.evidence).toContain('the app sets x-app-version; this answer has none');
    expect(diagnosis.burst).toEqual({ size: 10, failed: 2 });
  });
});

describe('diagnoseBurst', () => {
  it("judges each request in the burst's context, so its members agree with the combined k of N", () => {
    const { diagnosis, members } = diagnoseBurst(buildIncident003());
    expect(members).toHaveLength(10);
    // The other answers carry x-app-version, so a 500 without it is nginx's even when judged one by one.
    expect(members.filter((member) => member.verdict === 'proxy_generated_error')).toHaveLength(2);
    expect(members.filter((member) => member.verdict === 'ok')).toHaveLength(8);
    expect(diagnosis).toEqual(diagnose(buildIncident003()));
  });

  it('answers a single probe as its only member', () => {
    const input = { target: buildTarget(), observations: [buildObservation({ status: 200 })] };
    const { diagnosis, members } = diagnoseBurst(input);
    expect(members).toEqual([diagnosis]);
  });
});

describe('diagnose: healthy observations give ok with no false verdicts', () => {
  const healthy = [
    {
      name: 'through Cloudflare',
      target: buildTarget({ expect: { body: 'ok', status: [200] } }),
      observation: buildObservation({
        address: '104.21.32.7',
        ...buildHealthyAppResponse(),
        headers: {
          ...CLOUDFLARE_ERROR_HEADERS(),
          'x-app-version': '2.4.1',
          'content-type': 'application/json',
        },
      }),
    },
    {
      name: 'pinned to web1, version expected',
      target: buildTarget({ origin: 'web1', expect: { version: '2.4.1', maxLatencyMs: 800 } }),
      observation: buildObservation({ connectTo: web1, ...buildHealthyAppResponse() }),
    },
    {
      name: 'a 301 to the canonical path is acceptable by default',
      target: buildTarget({ origin: 'web1' }),
      observation: buildObservation({
        connectTo: web1,
        status: 301,
        statusText: 'Moved Permanently',
        headers: { server: 'nginx/1.22.1', location: 'https://shop.example.com/health/' },
      }),
    },
    {
      name: 'a fast 200 without any app marker',
      target: buildTarget({ origin: 'web1' }),
      observation: buildObservation({
        connectTo: web1,
        status: 200,
        body: 'ok',
        headers: { server: 'nginx' },
        ttfbMs: 1.2,
      }),
    },
  ];
  it.each(healthy)('$name', ({ target, observation }) => {
    const diagnosis = diagnose({ target, observations: [observation] });
    expect(diagnosis.verdict).toBe('ok');
    expect(diagnosis.layer).toBe(VERDICT_LAYER.ok);
    expect(diagnosis.evidence.length).toBeGreaterThan(0);
  });

  it('names the path a green line took: the edge or the origin for a site, nothing more for a bare URL', () => {
    const observation = buildObservation({ ...buildHealthyAppResponse(), totalMs: 4.3 });
    const summaryFor = (spec: Parameters<typeof buildTarget>[0]) =>
      diagnose({ target: buildTarget(spec), observations: [observation] }).summary;
    expect(summaryFor({})).toBe('shop.example.com via edge answered 200 in 4.3 ms; every expectation held');
    expect(summaryFor({ origin: 'web1' })).toMatch(/^shop\.example\.com via web1 answered 200 /);
    expect(summaryFor({ site: null })).toBe(
      'shop.example.com answered 200 in 4.3 ms; every expectation held',
    );
  });

  it('a single-site box that is also its default server passes the catch-all comparison', () => {
    const target = buildTarget({ origin: 'web1', expect: { body: 'ok' } });
    const response = { connectTo: web1, ...buildHealthyAppResponse() };
    const observation = buildObservation(response);
    const catchAll = buildObservation({ ...response, hostHeader: 'frontdoor-catch-all.invalid' });
    expect(diagnose({ target, observations: [observation], catchAll }).verdict).toBe('ok');
  });

  it('a burst where every request passes is ok, and slow when one was slow', () => {
    const target = buildTarget({ origin: 'web1', expect: { maxLatencyMs: 800 } });
    const fast = Array.from({ length: 5 }, () =>
      buildObservation({ connectTo: web1, ...buildHealthyAppResponse() }),
    );
    const ok = diagnose({ target, observations: fast });
    expect(ok.verdict).toBe('ok');
    expect(ok.summary).toMatch(/^5 of 5 requests passed: /);
    const slow = buildObservation({
      connectTo: web1,
      ...buildHealthyAppResponse('2.4.1', 1200),
      totalMs: 1204,
    });
    const mixed = diagnose({ target, observations: [...fast, slow] });
    expect(mixed.verdict).toBe('slow');
    expect(mixed.summary).toMatch(/^1 of 6 requests slow: /);
  });
});

describe('diagnose: bursts', () => {
  it('all failing: the most common failing verdict with "N of N"', () => {
    const target = buildTarget({ origin: 'web1' });
    const refused = () =>
      buildObservation({
        connectTo: web1,
        failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED'),
      });
    const nginx500 = buildObservation({
      connectTo: web1,
      status: 500,
      statusText: 'Internal Server Error',
      headers: NGINX_HEADERS(177),
      body: NGINX_500,
    });
    const diagnosis = diagnose({ target, observations: [nginx500, refused(), refused()] });
    expect(diagnosis.verdict).toBe('connect_refused');
    expect(diagnosis.summary).toMatch(/^3 of 3 requests failed: nothing listens on 10\.0\.0\.11:443/);
    expect(diagnosis.evidence[0]).toBe(
      '3 of 3 requests failed: 2x connect_refused (connect_refused after 0.3 ms), 1x proxy_generated_error (nginx 500 in 3.1 ms)',
    );
  });

  it('needs at least one observation', () => {
    expect(() => diagnose({ target: buildTarget(), observations: [] })).toThrow(RangeError);
  });
});

describe('diagnose: host routing through the catch-all', () => {
  it('the default server\'s "Welcome to nginx!" for the hostname and the catch-all is host_not_routed', () => {
    const target = buildTarget({ hostname: 'shop.internal', origin: 'web1' });
    const page = { connectTo: web1, status: 200, headers: NGINX_HEADERS(615), body: NGINX_WELCOME };
    const diagnosis = diagnose({
      target,
      observations: [buildObservation({ ...page, url: target.url })],
      catchAll: buildObservation({ ...page, url: target.url, hostHeader: 'frontdoor-catch-all.invalid' }),
    });
    expect(diagnosis.verdict).toBe('host_not_routed');
    expect(diagnosis.summary).toContain(
      "web1 does not route shop.internal: its default server answered (200 'Welcome to nginx!'",
    );
    expect(diagnosis.evidence[0]).toMatch(
      /^Host shop\.internal and Host frontdoor-catch-all\.invalid got the same answer: 200 OK, nginx\/1\.22\.1, body 615 bytes sha256:[0-9a-f]{12}$/,
    );
  });
});

describe('diagnose: addresses that did not get through, and redirects followed', () => {
  const dead = {
    address: '10.0.0.21',
    port: 443,
    family: 4 as const,
    code: 'connect_timeout' as const,
    durationMs: 251,
  };

  it('keeps an ok verdict when another address answered, and names the dead one in summary and evidence', () => {
    const observation = buildObservation({ status: 200, address: '10.0.0.22' });
    observation.dns = {
      source: 'dns',
      hostname: 'shop.example.com',
      addresses: [
        { address: '10.0.0.21', family: 4 },
        { address: '10.0.0.22', family: 4 },
      ],
      durationMs: 1,
    };
    observation.deadAddresses = [dead];
    const diagnosis = diagnose({ target: buildTarget(), observations: [observation] });
    expect(diagnosis.verdict).toBe('ok');
    expect(diagnosis.summary).toMatch(/every expectation held; but 10\.0\.0\.21:443 did not answer$/);
    expect(diagnosis.evidence).toContain(
      '1 of 2 addresses did not get through: 10.0.0.21:443 (connect_timeout, no answer in 251 ms)',
    );
  });

  it('adds the dead addresses to any other verdict too', () => {
    const observation = buildObservation({ status: 500, address: '10.0.0.22' });
    observation.deadAddresses = [
      { ...dead, code: 'connect_refused', errorCode: 'ECONNREFUSED', durationMs: 0.2 },
    ];
    const diagnosis = diagnose({ target: buildTarget(), observations: [observation] });
    expect(diagnosis.verdict).not.toBe('ok');
    expect(diagnosis.evidence.at(-1)).toBe(
      '1 of 1 address did not get through: 10.0.0.21:443 (connect_refused, ECONNREFUSED after 0.2 ms)',
    );
  });

  it('lists every redirect followed in the evidence of an ok', () => {
    const observation = buildObservation({
      status: 200,
      redirects: [
        {
          url: 'http://shop.example.com/health',
          status: 301,
          location: 'https://shop.example.com/health',
          address: '10.0.0.11:80',
        },
      ],
    });
    const diagnosis = diagnose({ target: buildTarget(), observations: [observation] });
    expect(diagnosis.verdict).toBe('ok');
    expect(diagnosis.evidence).toContain(
      'followed 301 http://shop.example.com/health (10.0.0.11:80) -> https://shop.example.com/health',
    );
  });
});
