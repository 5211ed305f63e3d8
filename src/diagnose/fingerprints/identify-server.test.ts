import { describe, expect, it } from 'vitest';
import { buildObservation } from '../fixtures/build-observation.js';
import {
  APACHE_502_PROXY_ERROR,
  APACHE_503,
  APACHE_DEFAULT_PAGE,
  APACHE_HEADERS,
} from '../fixtures/pages/apache-pages.js';
import { HAPROXY_502, HAPROXY_503, HAPROXY_504, HAPROXY_HEADERS } from '../fixtures/pages/haproxy-pages.js';
import { IIS_ARR_502, IIS_ARR_HEADERS } from '../fixtures/pages/iis-pages.js';
import {
  NGINX_50X_HTML,
  NGINX_500,
  NGINX_502,
  NGINX_504,
  NGINX_HEADERS,
  NGINX_WELCOME,
} from '../fixtures/pages/nginx-pages.js';
import {
  CADDY_502_HEADERS,
  ENVOY_503_CONNECT,
  ENVOY_503_NO_HEALTHY,
  ENVOY_HEADERS,
  TRAEFIK_502,
  TRAEFIK_HEADERS,
} from '../fixtures/pages/small-proxy-pages.js';
import { identifyDefaultPage, identifyStockErrorPage } from './identify-server.js';

function http(status: number, headers: Record<string, string | string[]>, body: string) {
  const observation = buildObservation({ status, statusText: 'x', headers, body });
  if (observation.http === undefined) throw new Error('fixture has no response');
  return observation.http;
}

describe('identifyStockErrorPage', () => {
  it.each([
    ['nginx 502', http(502, NGINX_HEADERS(157), NGINX_502), 'nginx', 'upstream refused'],
    ['nginx 500', http(500, NGINX_HEADERS(177), NGINX_500), 'nginx', 'failed to hand the request on'],
    [
      'nginx 504 (server_tokens off)',
      http(504, { server: 'nginx' }, NGINX_504),
      'nginx',
      'did not answer in time',
    ],
    ['nginx packaged 50x.html', http(502, NGINX_HEADERS(494), NGINX_50X_HTML), 'nginx', 'upstream refused'],
    [
      'HAProxy 503',
      http(503, HAPROXY_HEADERS(107), HAPROXY_503),
      'HAProxy',
      'no server of the backend is up',
    ],
    ['HAProxy 504', http(504, HAPROXY_HEADERS(99), HAPROXY_504), 'HAProxy', 'did not answer in time'],
    ['HAProxy 502', http(502, HAPROXY_HEADERS(110), HAPROXY_502), 'HAProxy', 'broken answer'],
    [
      'Apache Proxy Error',
      http(502, APACHE_HEADERS(400), APACHE_502_PROXY_ERROR),
      'Apache',
      'invalid response',
    ],
    ['Apache 503', http(503, APACHE_HEADERS(380), APACHE_503), 'Apache', 'no upstream is available'],
    [
      'Envoy connect failure',
      http(503, ENVOY_HEADERS(91), ENVOY_503_CONNECT),
      'Envoy',
      '(connection failure)',
    ],
    [
      'Envoy no healthy upstream',
      http(503, ENVOY_HEADERS(19), ENVOY_503_NO_HEALTHY),
      'Envoy',
      'no upstream host',
    ],
    ['Traefik Bad Gateway', http(502, TRAEFIK_HEADERS(11), TRAEFIK_502), 'Traefik', 'backend refused'],
    ['Caddy empty 502', http(502, CADDY_502_HEADERS, ''), 'Caddy', 'upstream refused'],
    ['IIS ARR 502', http(502, IIS_ARR_HEADERS(900), IIS_ARR_502), 'IIS', 'ARR could not get a valid answer'],
  ])('%s', (_, response, server, reason) => {
    const page = identifyStockErrorPage(response);
    expect(page?.server).toBe(server);
    expect(page?.reason).toContain(reason);
  });

  it.each([
    [
      'a JSON error from the app',
      http(500, { server: 'nginx/1.22.1', 'content-type': 'application/json' }, '{"error":"db timeout"}'),
    ],
    [
      'a framework error page',
      http(
        500,
        { server: 'nginx' },
        '<!DOCTYPE html><html><head><title>Server Error</title></head><body><h1>Whoops, something went wrong.</h1></body></html>',
      ),
    ],
    [
      '"Bad Gateway" from an app that sets a server header',
      http(502, { server: 'gunicorn', 'content-type': 'text/plain' }, 'Bad Gateway'),
    ],
    ['an empty 502 from something that is not Caddy', http(502, { server: 'nginx' }, '')],
  ])('%s is not a stock page', (_, response) => {
    expect(identifyStockErrorPage(response)).toBeUndefined();
  });
});

describe('identifyDefaultPage', () => {
  it.each([
    ['Welcome to nginx!', http(200, NGINX_HEADERS(615), NGINX_WELCOME), 'nginx'],
    ['Apache2 Debian Default Page', http(200, APACHE_HEADERS(10_000), APACHE_DEFAULT_PAGE), 'Apache'],
    [
      'IIS start page',
      http(
        200,
        { server: 'Microsoft-IIS/10.0' },
        '<html><head><title>IIS Windows Server</title></head><body><img src="iisstart.png"></body></html>',
      ),
      'IIS',
    ],
  ])('%s', (_, response, server) => {
    expect(identifyDefaultPage(response)?.server).toBe(server);
  });

  it('an app page is no default page', () => {
    expect(identifyDefaultPage(http(200, NGINX_HEADERS(25), '{"status":"ok","db":"ok"}'))).toBeUndefined();
  });
});
