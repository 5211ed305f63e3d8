import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { HTTPSYS_400_INVALID_HOSTNAME, HTTPSYS_HEADERS } from '../fixtures/pages/iis-pages.js';
import { diagnoseMisdirectedHost } from './misdirected-host.js';

describe('diagnoseMisdirectedHost', () => {
  it("HTTP.sys's 400 Invalid Hostname (incident 001)", () => {
    const diagnosis = diagnoseMisdirectedHost(
      buildContext({
        status: 400,
        statusText: 'Bad Request',
        headers: HTTPSYS_HEADERS(334),
        body: HTTPSYS_400_INVALID_HOSTNAME,
      }),
    );
    expect(diagnosis?.verdict).toBe('host_not_routed');
    expect(diagnosis?.summary).toBe(
      "web1 does not route shop.example.com: 400 'Invalid Hostname' from HTTP.sys (no IIS site binding); add a binding for shop.example.com there",
    );
  });

  // Recorded by the 001-invalid-hostname scenario: the origin's 400 passed on by the edge.
  it('names the origin behind the edge, not the edge, for an Invalid Hostname page through the CDN', () => {
    const diagnosis = diagnoseMisdirectedHost(
      buildContext(
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { server: 'cloudflare', 'cf-ray': '8f1e2d3c4b5a6978-AMS', 'cf-cache-status': 'DYNAMIC' },
          body: 'Bad Request - Invalid Hostname\n\nHTTP Error 400. The request hostname is invalid.\n',
        },
        { hostname: 'app.example.com' },
      ),
    );
    expect(diagnosis?.verdict).toBe('host_not_routed');
    expect(diagnosis?.summary).toBe(
      "the origin behind the edge does not route app.example.com: 400 'Invalid Hostname' from its default server; add a binding for app.example.com there",
    );
  });

  it('names the address reached for a URL from the command line, where no edge is known', () => {
    const diagnosis = diagnoseMisdirectedHost(
      buildContext(
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { server: 'Microsoft-HTTPAPI/2.0' },
          body: 'Bad Request - Invalid Hostname\n\nHTTP Error 400. The request hostname is invalid.\n',
        },
        { hostname: 'app.example.com', site: null },
      ),
    );
    expect(diagnosis?.summary).toBe(
      "10.0.0.11:443 does not route app.example.com: 400 'Invalid Hostname' from HTTP.sys (no IIS site binding); add a binding for app.example.com there",
    );
  });

  it('421 Misdirected Request', () => {
    const diagnosis = diagnoseMisdirectedHost(
      buildContext(
        { status: 421, statusText: 'Misdirected Request', headers: { server: 'nginx' } },
        { hostname: 'blog.example.com' },
      ),
    );
    expect(diagnosis?.verdict).toBe('host_not_routed');
    expect(diagnosis?.summary).toMatch(
      /^the edge does not route blog\.example\.com: 421 Misdirected Request/,
    );
  });

  it.each([
    [
      'a 400 for another reason',
      {
        status: 400,
        statusText: 'Bad Request',
        body: '<center>The plain HTTP request was sent to HTTPS port</center>',
      },
      undefined,
    ],
    [
      'an expected 400',
      { status: 400, statusText: 'Bad Request', body: HTTPSYS_400_INVALID_HOSTNAME },
      [400],
    ],
    ['a 200', { status: 200 }, undefined],
  ])('stays silent for %s', (_, response, status) => {
    const target = status === undefined ? { origin: 'web1' } : { origin: 'web1', expect: { status } };
    expect(diagnoseMisdirectedHost(buildContext(response, target))).toBeUndefined();
  });
});
