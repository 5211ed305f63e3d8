import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { buildContext } from '../fixtures/build-context.js';
import { buildFailure, buildObservation, type ObservationSpec } from '../fixtures/build-observation.js';
import { CLOUDFLARE_ERROR_HEADERS } from '../fixtures/pages/cloudflare-pages.js';
import { NGINX_404, NGINX_HEADERS, NGINX_WELCOME } from '../fixtures/pages/nginx-pages.js';
import { diagnoseCatchAllMatch } from './catch-all-match.js';

const pinned = { connectTo: { host: '10.0.0.11', port: 443 } };
const welcome: ObservationSpec = { status: 200, headers: NGINX_HEADERS(615), body: NGINX_WELCOME };
const notFound: ObservationSpec = {
  status: 404,
  statusText: 'Not Found',
  headers: NGINX_HEADERS(153),
  body: NGINX_404,
};
const app: ObservationSpec = {
  status: 200,
  headers: { server: 'nginx/1.22.1', 'x-app-version': '2.4.1' },
  body: '{"status":"ok"}',
};

function catchAllOf(spec: ObservationSpec) {
  return buildObservation({ ...pinned, ...spec, hostHeader: 'frontdoor-catch-all.invalid' });
}

describe('diagnoseCatchAllMatch', () => {
  it.each([
    ["nginx's default page for both", welcome, welcome, {}],
    ['the same 404 for both (status expectation fails)', notFound, notFound, {}],
    ['the same 200 page without the expected body', app, app, { body: 'healthy' }],
    [
      'same title and length, different per-request token',
      {
        status: 403,
        statusText: 'Forbidden',
        headers: CLOUDFLARE_ERROR_HEADERS(),
        body: '<title>Denied</title> id=aaaa',
      },
      {
        status: 403,
        statusText: 'Forbidden',
        headers: CLOUDFLARE_ERROR_HEADERS(),
        body: '<title>Denied</title> id=bbbb',
      },
      {},
    ],
  ])('%s -> host_not_routed', (_, target, catchAll, expect_) => {
    const ctx = buildContext(target, { origin: 'web1', expect: expect_ }, { catchAll: catchAllOf(catchAll) });
    const diagnosis = diagnoseCatchAllMatch(ctx);
    expect(diagnosis?.verdict).toBe('host_not_routed');
    expect(diagnosis?.summary).toMatch(
      /^web1 does not route shop\.example\.com: its default server answered/,
    );
    expect(diagnosis?.evidence[0]).toContain('Host frontdoor-catch-all.invalid got the same answer');
  });

  it.each([
    ['a single-site box that is its own default server (all expectations hold)', app, catchAllOf(app)],
    ['a different answer for the catch-all', app, catchAllOf(welcome)],
    ['a different server header', { ...notFound, headers: { server: 'Apache' } }, catchAllOf(notFound)],
    [
      'a failed catch-all probe',
      notFound,
      buildObservation({ ...pinned, failure: buildFailure('connect', 'connect_refused', 'ECONNREFUSED') }),
    ],
    ['no catch-all probe', notFound, undefined],
  ])('stays silent for %s', (_, target, catchAll) => {
    const ctx = buildContext(target, { origin: 'web1' }, catchAll === undefined ? {} : { catchAll });
    expect(diagnoseCatchAllMatch(ctx)).toBeUndefined();
  });

  // Recorded by the wrong-version scenario: a node https app on the origin answers every Host alike, and
  // serves 1.9.0 where 2.0.0 is expected. The box routes the name (to its only app); the release is stale.
  it('stays silent when only the version differs on a single-site box', () => {
    const stale: ObservationSpec = {
      status: 200,
      headers: { 'content-type': 'text/plain', 'x-app-version': '1.9.0' },
      body: 'ok\n',
    };
    const catchAll = catchAllOf(stale);
    const ctx = buildContext(
      stale,
      { origin: 'web1', expect: { status: [200], body: 'ok', version: '2.0.0' } },
      { catchAll },
    );
    expect(diagnoseCatchAllMatch(ctx)).toBeUndefined();
    expect(diagnose({ target: ctx.target, observations: [ctx.observation], catchAll }).verdict).toBe(
      'wrong_version',
    );
  });
});
