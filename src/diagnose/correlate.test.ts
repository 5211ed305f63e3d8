import { describe, expect, it } from 'vitest';
import { correlate } from './correlate.js';
import type { DiagnosisInput } from './diagnose.js';
import { diagnose } from './diagnose.js';
import { buildResult as r } from './fixtures/build-result.js';
import { buildIncident000, buildIncident001 } from './fixtures/incidents.js';
import type { TargetResult } from './target-result.js';

function resultOf(input: DiagnosisInput): TargetResult {
  const diagnosis = diagnose(input);
  const { target } = input;
  return {
    ...r(target.hostname, target.via, diagnosis.verdict, target.site),
    summary: diagnosis.summary,
  };
}

describe('correlate: incidents', () => {
  it('000: one finding per shut front door, one fleet-wide finding, no per-hostname noise', () => {
    const findings = correlate(buildIncident000().map(resultOf));
    expect(findings.map((finding) => finding.code)).toEqual([
      'shared_front_door_down',
      'shared_front_door_down',
      'fleet_wide',
    ]);
    expect(findings[0]).toEqual({
      code: 'shared_front_door_down',
      summary:
        'every hostname on web1 (10.0.0.11:443) fails at connect: the front door of web1 is shut; ask its host who owns the port (frontdoor host) before looking at any app',
      targets: ['shop.example.com via web1', 'blog.example.com via web1'],
      targetIds: ['shop:shop.example.com/health@web1', 'blog:blog.example.com/health@web1'],
    });
    expect(findings[2]?.summary).toMatch(/^connect_refused on web1 and web2: the same fault on 2 origins/);
    expect(findings[2]?.targets).toHaveLength(4);
  });

  it('handshakes nobody answers on every hostname of an origin: the path or the host, not the port owner', () => {
    const findings = correlate([
      r('shop.example.com', 'web1', 'connect_timeout'),
      r('www.shop.example.com', 'web1', 'connect_timeout'),
    ]);
    expect(findings).toEqual([
      {
        code: 'shared_front_door_down',
        summary:
          'every hostname on web1 (10.0.0.11:443) fails at connect: nothing at web1 answers the TCP handshake, so packets are dropped on the way (a firewall or security group) or the host is down; check the path and the host before any app',
        targets: ['shop.example.com via web1', 'www.shop.example.com via web1'],
        targetIds: ['shop:shop.example.com/health@web1', 'shop:www.shop.example.com/health@web1'],
      },
    ]);
  });

  it('000, half fixed: one origin serving again while the other is still shut -> origin_partial', () => {
    const results = [
      r('shop.example.com', 'web1', 'ok'),
      r('shop.example.com', 'web2', 'connect_refused'),
      r('www.shop.example.com', 'web1', 'ok'),
      r('www.shop.example.com', 'web2', 'connect_refused'),
    ];
    const findings = correlate(results);
    expect(findings.map((finding) => finding.code)).toEqual(['shared_front_door_down', 'origin_partial']);
    expect(findings[1]).toMatchObject({
      summary: expect.stringMatching(/^site shop fails on web2 \(connect_refused\) but passes on web1/),
      targets: ['shop.example.com via web2', 'www.shop.example.com via web2'],
      targetIds: ['shop:shop.example.com/health@web2', 'shop:www.shop.example.com/health@web2'],
    });
  });

  it('001: the internal name is routed on web1 and the public one is not -> host_binding_missing naming both', () => {
    const { publicName, internalName } = buildIncident001();
    const findings = correlate([resultOf(publicName), resultOf(internalName)]);
    expect(findings).toEqual([
      {
        code: 'host_binding_missing',
        summary:
          'web1 routes app.local but not app.com (site app): add a binding/server_name for app.com on web1',
        targets: ['app.com via web1', 'app.local via web1'],
        targetIds: ['app:app.com/health@web1', 'app:app.local/health@web1'],
      },
    ]);
  });
});

describe('correlate: a hostname answered like a Host the origin cannot have', () => {
  const echo = (hostname: string, via: string) => ({
    ...r(hostname, via, 'client_error'),
    sameAsCatchAll: true,
  });

  it('names the missing binding when another hostname of the site is routed on that origin', () => {
    const findings = correlate([echo('shop.test', 'web2'), r('shop.internal', 'web2', 'ok')]);
    expect(findings.map((finding) => [finding.code, finding.summary])).toEqual([
      [
        'host_binding_missing',
        'web2 routes shop.internal but not shop.test (site shop): add a binding/server_name for shop.test on web2',
      ],
    ]);
  });

  it('stays silent on a single-site box where every hostname gets the same answer', () => {
    expect(
      correlate([echo('shop.test', 'web1'), echo('shop.internal', 'web1')]).filter(
        (finding) => finding.code === 'host_binding_missing',
      ),
    ).toEqual([]);
  });
});

describe('correlate: tables', () => {
  it.each<[string, TargetResult[], string[]]>([
    [
      'all healthy',
      [r('a.example', 'edge', 'ok'), r('a.example', 'web1', 'ok'), r('a.example', 'web2', 'slow')],
      [],
    ],
    [
      'edge fails, every origin serves the hostname',
      [
        r('a.example', 'edge', 'edge_origin_unreachable'),
        r('a.example', 'web1', 'ok'),
        r('a.example', 'web2', 'ok'),
      ],
      ['edge_only'],
    ],
    [
      'edge fails and one origin fails too: not edge-only',
      [
        r('a.example', 'edge', 'edge_origin_unreachable'),
        r('a.example', 'web1', 'ok'),
        r('a.example', 'web2', 'connect_refused'),
      ],
      ['origin_partial'],
    ],
    [
      'one hostname on one origin fails at TLS: not "every hostname"',
      [r('a.example', 'web1', 'tls_handshake_failed'), r('b.example', 'web1', 'ok')],
      [],
    ],
    [
      'every hostname on web1 fails at TLS (the wrong process holds :443)',
      [r('a.example', 'web1', 'tls_handshake_failed'), r('b.example', 'web1', 'tls_wrong_certificate')],
      ['shared_front_door_down'],
    ],
    [
      'the same app error on two origins -> fleet_wide',
      [r('a.example', 'web1', 'app_error'), r('a.example', 'web2', 'app_error')],
      ['fleet_wide'],
    ],
    [
      'different failures on two origins are not fleet-wide',
      [r('a.example', 'web1', 'app_error'), r('a.example', 'web2', 'proxy_upstream_unavailable')],
      [],
    ],
    [
      'host_not_routed next to a host that never got to routing is no binding finding',
      [r('a.example', 'web1', 'host_not_routed'), r('b.example', 'web1', 'connect_timeout')],
      [],
    ],
  ])('%s', (_, results, codes) => {
    expect(correlate(results).map((finding) => finding.code)).toEqual(codes);
  });

  it('edge_only names the hostnames and the origins that serve them', () => {
    const findings = correlate([
      r('a.example', 'edge', 'edge_origin_unreachable'),
      r('b.example', 'edge', 'edge_blocked'),
      r('a.example', 'web1', 'ok'),
      r('b.example', 'web1', 'ok'),
    ]);
    expect(findings).toEqual([
      {
        code: 'edge_only',
        summary:
          "a.example and b.example fail through the edge (edge_origin_unreachable, edge_blocked) but pass directly on web1: look at the CDN's origin settings, TLS mode and the origins' firewall for the edge's addresses",
        targets: ['a.example via edge', 'b.example via edge', 'a.example via web1', 'b.example via web1'],
        targetIds: [
          'shop:a.example/health@edge',
          'shop:b.example/health@edge',
          'shop:a.example/health@web1',
          'shop:b.example/health@web1',
        ],
      },
    ]);
  });

  it('edge_only for a name that does not resolve talks about DNS, not a CDN', () => {
    const [finding] = correlate([r('shop.test', 'edge', 'dns_failure'), r('shop.test', 'web1', 'ok')]);
    expect(finding?.code).toBe('edge_only');
    expect(finding?.summary).toBe(
      'shop.test does not resolve through public DNS (dns_failure) but is served directly on web1: check the public DNS record for shop.test',
    );
    expect(finding?.summary).not.toMatch(/CDN|edge/);
  });
});
