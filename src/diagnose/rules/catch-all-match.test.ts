import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose.js';
import { buildContext } from '../fixtures/build-context.js';
import { buildFailure, buildObservation, type ObservationSpec } from '../fixtures/build-observation.js';
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
  it("names routing when both Hosts got a server's stock default page", () => {
    const ctx = buildContext(welcome, { origin: 'web1', expect: {} }, { catchAll: catchAllOf(welcome) });
    const diagnosis = diagnoseCatchAllMatch(ctx);
    expect(diagnosis?.verdict).toBe('host_not_routed');
    expect(diagnosis?.summary).toMatch(
      /^web1 does not route shop\.example\.com: its default server answered/,
    );
    expect(diagnosis?.evidence[0]).toContain('Host frontdoor-catch-all.invalid got the same answer');
  });

  // A box with one server block (or an app answering every Host) gives every Host its only site's answer:
  // the match says nothing about routing there, so the answer itself is judged.
  it.each([
    ['the same 404 for both', notFound, {}, 'client_error'],
    ['the same 200 page without the expected body', app, { body: 'healthy' }, 'unexpected_content'],
    [
      'same title and length, different per-request token',
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { server: 'nginx' },
        body: '<title>Denied</title> id=aaaa',
      },
      {},
      'client_error',
    ],
  ] as const)('judges the answer itself for %s on a single-site box', (_, response, expect_, verdict) => {
    const catchAll = catchAllOf(
      response === notFound || response === app
        ? response
        : { ...response, body: '<title>Denied</title> id=bbbb' },
    );
    const ctx = buildContext(response, { origin: 'web1', expect: expect_ }, { catchAll });
    expect(diagnoseCatchAllMatch(ctx)).toBeUndefined();
    const diagnosis = diagnose({ target: ctx.target, observations: [ctx.observation], catchAll });
    expect(diagnosis.verdict).toBe(verdict);
    expect(diagnosis.summary).not.toContain('does not route');
    expect(diagnosis.sameAsCatchAll).toBe(true);
    expect(diagnosis.evidence).toContainEqual(
      expect.stringContaining('and Host frontdoor-catch-all.invalid got the same answer'),
    );
    expect(diagnosis.evidence.at(-1)).toBe(
      'web1 answers every Host alike: a single site judged on its own answer, unless shop.example.com falls to the default server of a box that serves others',
    );
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
