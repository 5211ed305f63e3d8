import { describe, expect, it } from 'vitest';
import { buildResult } from '../fixtures/build-result.js';
import type { TargetResult } from '../target-result.js';
import { findHttp2OnlyFailure } from './http2-only-failure.js';

/** An http2_failure on `via` whose same request over HTTP/1.1 got `over`. */
function h2Failed(hostname: string, via: string, over: TargetResult['verdict'] = 'ok'): TargetResult {
  const result = buildResult(hostname, via, 'http2_failure');
  result.overHttp1 = { verdict: over, status: over === 'ok' ? 200 : 502, summary: `${over} over HTTP/1.1` };
  return result;
}

describe('findHttp2OnlyFailure', () => {
  it('every hostname on one origin fails in HTTP/2 and passes over HTTP/1.1: one finding for the origin', () => {
    const results = [
      buildResult('shop.example.com', 'edge', 'ok'),
      h2Failed('shop.example.com', 'web1'),
      h2Failed('shop.internal', 'web1'),
      buildResult('shop.example.com', 'web2', 'ok'),
      buildResult('shop.internal', 'web2', 'ok'),
    ];
    const findings = findHttp2OnlyFailure(results);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe('http2_only_failure');
    expect(findings[0]?.summary).toContain("web1's HTTP/2 is at fault, not the sites");
    expect(findings[0]?.targets).toEqual(['shop.example.com via web1', 'shop.internal via web1']);
    expect(findings[0]?.targetIds).toEqual([
      'shop:shop.example.com/health@web1',
      'shop:shop.internal/health@web1',
    ]);
  });

  it.each([
    ['one hostname only', [h2Failed('shop.example.com', 'web1')]],
    [
      'a hostname that also fails over HTTP/1.1',
      [h2Failed('shop.example.com', 'web1'), h2Failed('shop.internal', 'web1', 'proxy_upstream_unavailable')],
    ],
    [
      'a hostname that passes in HTTP/2',
      [h2Failed('shop.example.com', 'web1'), buildResult('shop.internal', 'web1', 'ok')],
    ],
    [
      'an http2_failure without a re-probe',
      [buildResult('shop.example.com', 'web1', 'http2_failure'), h2Failed('shop.internal', 'web1')],
    ],
  ])('stays silent with %s', (_, results) => {
    expect(findHttp2OnlyFailure(results)).toEqual([]);
  });
});
