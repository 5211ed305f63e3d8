import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import type { ObservationSpec } from '../fixtures/build-observation.js';
import type { TargetSpec } from '../fixtures/build-target.js';
import { APACHE_502_PROXY_ERROR, APACHE_503, APACHE_HEADERS } from '../fixtures/pages/apache-pages.js';
import { CLOUDFLARE_ERROR_HEADERS } from '../fixtures/pages/cloudflare-pages.js';
import { HAPROXY_503, HAPROXY_HEADERS } from '../fixtures/pages/haproxy-pages.js';
import { IIS_ARR_502, IIS_ARR_HEADERS } from '../fixtures/pages/iis-pages.js';
import { NGINX_500, NGINX_502, NGINX_504, NGINX_HEADERS } from '../fixtures/pages/nginx-pages.js';
import {
  CADDY_502_HEADERS,
  ENVOY_503_NO_HEALTHY,
  ENVOY_HEADERS,
  TRAEFIK_502,
  TRAEFIK_HEADERS,
} from '../fixtures/pages/small-proxy-pages.js';
import type { Verdict } from '../verdict.js';
import { diagnoseServerError } from './server-error.js';

const web1: TargetSpec = { origin: 'web1' };
const appJson = { server: 'nginx/1.22.1', 'content-type': 'application/json', 'x-app-version': '2.4.1' };

const CASES: Array<
  [string, ObservationSpec, Verdict, { target?: TargetSpec; appMarkerKnown?: boolean; summary?: RegExp }]
> = [
  [
    'nginx 502 in 3 ms',
    { status: 502, statusText: 'Bad Gateway', headers: NGINX_HEADERS(157), body: NGINX_502, ttfbMs: 3 },
    'proxy_upstream_unavailable',
    { summary: /^nginx on web1 answered 502 in 3 ms: its upstream refused/ },
  ],
  [
    'nginx 504',
    {
      status: 504,
      statusText: 'Gateway Time-out',
      headers: { server: 'nginx' },
      body: NGINX_504,
      ttfbMs: 60_000,
    },
    'proxy_upstream_unavailable',
    { summary: /did not answer in time/ },
  ],
  [
    'nginx 500 in 4 ms (incident 003)',
    {
      status: 500,
      statusText: 'Internal Server Error',
      headers: NGINX_HEADERS(177),
      body: NGINX_500,
      ttfbMs: 4,
    },
    'proxy_generated_error',
    { summary: /look at the upstream socket\/pool \(php-fpm\), not the app's code/ },
  ],
  [
    'HAProxy 503, no server',
    { status: 503, statusText: 'Service Unavailable', headers: HAPROXY_HEADERS(107), body: HAPROXY_503 },
    'proxy_upstream_unavailable',
    { summary: /^HAProxy on web1 answered 503 .*no server of the backend is up/ },
  ],
  [
    'Apache Proxy Error',
    { status: 502, statusText: 'Proxy Error', headers: APACHE_HEADERS(400), body: APACHE_502_PROXY_ERROR },
    'proxy_upstream_unavailable',
    {},
  ],
  [
    'Apache 503',
    { status: 503, statusText: 'Service Unavailable', headers: APACHE_HEADERS(380), body: APACHE_503 },
    'proxy_upstream_unavailable',
    {},
  ],
  [
    'Envoy no healthy upstream',
    {
      status: 503,
      statusText: 'Service Unavailable',
      headers: ENVOY_HEADERS(19),
      body: ENVOY_503_NO_HEALTHY,
    },
    'proxy_upstream_unavailable',
    { summary: /^Envoy on web1/ },
  ],
  [
    'Traefik Bad Gateway',
    { status: 502, statusText: 'Bad Gateway', headers: TRAEFIK_HEADERS(11), body: TRAEFIK_502 },
    'proxy_upstream_unavailable',
    {},
  ],
  [
    'Caddy empty 502',
    { status: 502, statusText: 'Bad Gateway', headers: CADDY_502_HEADERS, body: '' },
    'proxy_upstream_unavailable',
    {},
  ],
  [
    'IIS ARR 502',
    { status: 502, statusText: 'Bad Gateway', headers: IIS_ARR_HEADERS(900), body: IIS_ARR_502 },
    'proxy_upstream_unavailable',
    {},
  ],
  [
    "the app's own 500 with its marker",
    {
      status: 500,
      statusText: 'Internal Server Error',
      headers: appJson,
      body: '{"error":"db timeout"}',
      ttfbMs: 212,
    },
    'app_error',
    { summary: /^the app answered 500 in 212 ms \(x-app-version: 2\.4\.1\)/ },
  ],
  [
    "nginx's stock page but the app's marker present",
    {
      status: 500,
      statusText: 'Internal Server Error',
      headers: { ...NGINX_HEADERS(177), 'x-app-version': '2.4.1' },
      body: NGINX_500,
    },
    'app_error',
    {},
  ],
  [
    'an unmarked slow 500 page',
    {
      status: 500,
      statusText: 'Internal Server Error',
      headers: { server: 'nginx' },
      body: '<h1>Whoops</h1>',
      ttfbMs: 340,
    },
    'app_error',
    { appMarkerKnown: true },
  ],
  [
    'an unmarked fast 500 when the app sets its marker',
    { status: 500, statusText: 'Internal Server Error', headers: { server: 'nginx' }, body: '', ttfbMs: 2.5 },
    'proxy_generated_error',
    { appMarkerKnown: true },
  ],
  [
    'an unmarked fast 500 when nothing says the app sets a marker',
    { status: 500, statusText: 'Internal Server Error', headers: { server: 'nginx' }, body: '', ttfbMs: 2.5 },
    'app_error',
    {},
  ],
  [
    'an unfingerprinted 504 without marker',
    { status: 504, statusText: 'Gateway Timeout', headers: { server: 'openresty' }, body: 'timeout' },
    'proxy_upstream_unavailable',
    {},
  ],
  [
    'an unfingerprinted 503 (maintenance page)',
    {
      status: 503,
      statusText: 'Service Unavailable',
      headers: { server: 'nginx' },
      body: '<h1>Back soon</h1>',
    },
    'app_error',
    {},
  ],
  [
    'a 502 through Cloudflare from the proxy behind it',
    {
      status: 502,
      statusText: 'Bad Gateway',
      headers: CLOUDFLARE_ERROR_HEADERS(),
      body: '<title>shop.example.com | 502: Bad gateway</title>',
      ttfbMs: 80,
    },
    'proxy_upstream_unavailable',
    { target: {}, summary: /^the proxy behind the edge answered 502/ },
  ],
  [
    "nginx's 502 at a URL from the command line, where no edge is known",
    { status: 502, statusText: 'Bad Gateway', headers: NGINX_HEADERS(157), body: NGINX_502, ttfbMs: 2 },
    'proxy_upstream_unavailable',
    { target: { site: null }, summary: /^nginx on 10\.0\.0\.11:443 answered 502/ },
  ],
];

describe('diagnoseServerError', () => {
  it.each(CASES)('%s -> %s', (_, response, verdict, options) => {
    const ctx = buildContext(response, options.target ?? web1, {
      appMarkerKnown: options.appMarkerKnown ?? false,
    });
    const diagnosis = diagnoseServerError(ctx);
    expect(diagnosis?.verdict).toBe(verdict);
    if (options.summary !== undefined) expect(diagnosis?.summary).toMatch(options.summary);
  });

  it.each([
    [
      'a 502: refused or reset, the app was not reached',
      { status: 502, statusText: 'Bad Gateway', headers: NGINX_HEADERS(157), body: NGINX_502, ttfbMs: 3 },
      'nginx on web1 answered 502 in 3 ms: its upstream refused or reset the connection, or sent an invalid answer; the app was not reached, or dropped the connection before answering. Check the upstream nginx points at (is the app or pool listening there?)',
    ],
    [
      'a 503: no live server',
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: HAPROXY_HEADERS(107),
        body: HAPROXY_503,
        ttfbMs: 0.4,
      },
      expect.stringMatching(
        /^HAProxy on web1 answered 503 in 0\.4 ms: .*; no server was left to ask: every one is marked down, or none is configured\. Check the servers of the pool HAProxy balances over and its health checks/,
      ),
    ],
    [
      'a 504: the app was reached and hung',
      {
        status: 504,
        statusText: 'Gateway Time-out',
        headers: NGINX_HEADERS(167),
        body: NGINX_504,
        ttfbMs: 60_012,
      },
      "nginx on web1 answered 504 in 60 s: its upstream did not answer in time; the app was reached and hung, or the upstream never answered. Look at the app's slow requests (busy workers, long queries) and the proxy's upstream read timeout",
    ],
  ])('words %s', (_, response, summary) => {
    const diagnosis = diagnoseServerError(buildContext(response, web1));
    expect(diagnosis?.verdict).toBe('proxy_upstream_unavailable');
    expect(diagnosis?.summary).toEqual(summary);
    expect(diagnosis?.summary).not.toMatch(/504.*was not reached/);
  });

  it('names the missing marker and the timing in evidence', () => {
    const ctx = buildContext(
      {
        status: 500,
        statusText: 'Internal Server Error',
        headers: NGINX_HEADERS(177),
        body: NGINX_500,
        ttfbMs: 3.8,
      },
      web1,
      { appMarkerKnown: true },
    );
    expect(diagnoseServerError(ctx)?.evidence).toEqual([
      'answered 500 Internal Server Error in 3.8 ms, no x-app-version header',
      'server: nginx/1.22.1',
      "body is nginx's stock 500 page ('<h1>500 Internal Server Error</h1>', '<center>nginx/1.22.1</center>')",
      'the app sets x-app-version; this answer has none',
    ]);
  });

  it.each([
    ['a 404', { status: 404, statusText: 'Not Found' }, web1],
    [
      'a 503 the target expects (maintenance check)',
      { status: 503, statusText: 'Service Unavailable' },
      { origin: 'web1', expect: { status: [503] } },
    ],
    ['a 200', { status: 200 }, web1],
  ])('stays silent for %s', (_, response, target) => {
    expect(diagnoseServerError(buildContext(response, target))).toBeUndefined();
  });
});
