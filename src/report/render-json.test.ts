import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../diagnose/target-result.js';
import { renderJson } from './render-json.js';

const report: CheckReport = {
  ok: false,
  results: [
    {
      id: 'shop:shop.example.com/health@web1',
      target: 'shop.example.com via web1',
      url: 'https://shop.example.com/health',
      connectTo: '10.0.0.11:443',
      verdict: 'host_not_routed',
      layer: 'proxy',
      summary: "web1 does not route shop.example.com: 400 'Invalid Hostname' from its default server",
      evidence: ['status 400 in 1.2 ms', 'catch-all answered the same'],
      status: 400,
      timings: { total: 4.3333, ttfb: 1.24, tls: 2.06, connect: 0.31, dns: 0.44 },
      hostname: 'shop.example.com',
      via: 'web1',
      site: 'shop',
      origin: 'web1',
      environment: 'production',
    },
    {
      id: 'https://a.test/@edge',
      target: 'https://a.test/',
      url: 'https://a.test/',
      connectTo: null,
      verdict: 'connect_refused',
      layer: 'connect',
      summary: 'nothing listens',
      evidence: [],
      status: null,
      timings: { dns: 0.04, total: 0.96 },
      hostname: 'a.test',
      via: 'edge',
      burst: { size: 10, failed: 10 },
    },
  ],
  findings: [
    {
      code: 'host_binding_missing',
      summary: 'web1 misses shop',
      targets: ['shop.example.com via web1'],
      targetIds: ['shop:shop.example.com/health@web1'],
    },
  ],
};

describe('renderJson', () => {
  it('emits the DESIGN.md contract: ok, results with the contract fields, findings', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual(['ok', 'results', 'findings']);
    expect(parsed.ok).toBe(false);
    expect(parsed.results[0]).toEqual({
      target: 'shop.example.com via web1',
      url: 'https://shop.example.com/health',
      connectTo: '10.0.0.11:443',
      verdict: 'host_not_routed',
      layer: 'proxy',
      summary: "web1 does not route shop.example.com: 400 'Invalid Hostname' from its default server",
      evidence: ['status 400 in 1.2 ms', 'catch-all answered the same'],
      status: 400,
      timings: { dns: 0.4, connect: 0.3, tls: 2.1, ttfb: 1.2, total: 4.3 },
      id: 'shop:shop.example.com/health@web1',
      hostname: 'shop.example.com',
      via: 'web1',
      site: 'shop',
      origin: 'web1',
      environment: 'production',
    });
    expect(parsed.findings).toEqual([
      {
        code: 'host_binding_missing',
        summary: 'web1 misses shop',
        targets: ['shop.example.com via web1'],
        targetIds: ['shop:shop.example.com/health@web1'],
      },
    ]);
  });

  it('keeps connectTo and status as null rather than dropping them, and adds burst only when set', () => {
    const second = JSON.parse(renderJson(report)).results[1];
    expect(second.connectTo).toBeNull();
    expect(second.status).toBeNull();
    expect(second.burst).toEqual({ size: 10, failed: 10 });
    expect('site' in second).toBe(false);
    expect('burst' in JSON.parse(renderJson(report)).results[0]).toBe(false);
  });

  it('orders contract keys first and timings phase by phase with total last', () => {
    const first = JSON.parse(renderJson(report)).results[0];
    expect(Object.keys(first).slice(0, 9)).toEqual([
      'target',
      'url',
      'connectTo',
      'verdict',
      'layer',
      'summary',
      'evidence',
      'status',
      'timings',
    ]);
    expect(Object.keys(first.timings)).toEqual(['dns', 'connect', 'tls', 'ttfb', 'total']);
  });

  it('adds the HTTP version spoken and, after an HTTP/2 failure, what HTTP/1.1 got', () => {
    const base = report.results[0];
    if (base === undefined) throw new Error('fixture');
    const overHttp1 = { verdict: 'ok' as const, status: 200, summary: 'passes' };
    const first = JSON.parse(
      renderJson({
        ...report,
        results: [{ ...base, verdict: 'http2_failure', layer: 'http', httpVersion: '2', overHttp1 }],
      }),
    ).results[0];
    expect(first).toMatchObject({ httpVersion: '2', overHttp1 });
    expect('httpVersion' in JSON.parse(renderJson(report)).results[0]).toBe(false);
  });

  it('pretty-prints with two spaces and ends with a newline', () => {
    const text = renderJson({ ok: true, results: [], findings: [] });
    expect(text).toBe('{\n  "ok": true,\n  "results": [],\n  "findings": []\n}\n');
  });

  it('adds the redirects followed and the dead addresses, with their wait rounded to tenths', () => {
    const base = report.results[0];
    if (base === undefined) throw new Error('fixture');
    const text = renderJson({
      ok: true,
      results: [
        {
          ...base,
          redirects: [
            { url: 'http://a.test/', status: 301, location: 'https://a.test/', address: '10.0.0.1:80' },
          ],
          deadAddresses: [{ address: '10.0.0.2:443', code: 'connect_timeout', durationMs: 251.2345 }],
        },
      ],
      findings: [],
    });
    const [first] = JSON.parse(text).results;
    expect(first.redirects).toEqual([
      { url: 'http://a.test/', status: 301, location: 'https://a.test/', address: '10.0.0.1:80' },
    ]);
    expect(first.deadAddresses).toEqual([
      { address: '10.0.0.2:443', code: 'connect_timeout', durationMs: 251.2 },
    ]);
    expect('redirects' in JSON.parse(renderJson(report)).results[0]).toBe(false);
  });
});
