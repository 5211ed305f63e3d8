import { describe, expect, it } from 'vitest';
import type { CheckReport, TargetResult } from '../diagnose/target-result.js';
import { renderTable } from './render-table.js';

function result(overrides: Partial<TargetResult> & Pick<TargetResult, 'target' | 'verdict'>): TargetResult {
  return {
    id: `shop:${overrides.target}`,
    url: 'https://shop.example.com/health',
    connectTo: null,
    layer: '-',
    summary: 'every expectation held',
    evidence: [],
    status: 200,
    timings: { dns: 0.4, connect: 0.3, tls: 2.1, ttfb: 1.2, total: 4.3 },
    hostname: 'shop.example.com',
    via: 'edge',
    ...overrides,
  };
}

const report: CheckReport = {
  ok: false,
  results: [
    result({ target: 'shop.example.com via edge', verdict: 'ok', httpVersion: '2' }),
    result({
      target: 'shop.example.com via web1',
      verdict: 'host_not_routed',
      layer: 'proxy',
      status: 400,
      connectTo: '10.0.0.11:443',
      httpVersion: '1.1',
      summary: "web1 does not route shop.example.com: 400 'Invalid Hostname' from its default server",
      timings: { total: 812.6 },
    }),
    result({
      target: 'shop.example.com via web2',
      verdict: 'intermittent',
      layer: 'app',
      status: 500,
      summary: '3 of 10 requests failed with 500',
      timings: { total: 2345 },
      burst: { size: 10, failed: 3 },
    }),
    result({ target: 'shop.internal via web2', verdict: 'slow', layer: 'content', status: null }),
  ],
  findings: [
    {
      code: 'host_binding_missing',
      summary: 'web1 routes shop.internal but not shop.example.com',
      targets: ['shop.example.com via web1'],
      targetIds: ['shop:shop.example.com/health@web1'],
    },
  ],
};

describe('renderTable', () => {
  it('prints a header, one row per target with verdict, layer, status, HTTP version, time, name and summary', () => {
    const lines = renderTable(report, { color: false }).split('\n');
    expect(lines[0]).toMatch(/^VERDICT\s+LAYER\s+STATUS\s+HTTP\s+TIME\s+TARGET\s+SUMMARY$/);
    expect(lines[1]).toMatch(
      /^ok\s+-\s+200\s+2\s+4\.3 ms\s+shop\.example\.com via edge\s+every expectation held$/,
    );
    expect(lines[2]).toMatch(
      /^host_not_routed\s+proxy\s+400\s+1\.1\s+813 ms\s+shop\.example\.com via web1\s+web1 does not/,
    );
    expect(lines[3]).toContain('2.3 s');
    expect(lines[3]).toContain('[7/10 passed]');
    expect(lines[4]).toMatch(/^slow\s+content\s+-\s+-\s+/);
  });

  it('aligns columns: every row starts its target name at the same column', () => {
    const lines = renderTable(report, { color: false }).split('\n').slice(1, 5);
    const columns = lines.map((line) => line.indexOf('shop.'));
    expect(new Set(columns).size).toBe(1);
  });

  it('lists findings with their targets, then the count line', () => {
    const text = renderTable(report, { color: false });
    expect(text).toContain(
      'findings:\n  host_binding_missing: web1 routes shop.internal but not shop.example.com\n',
    );
    expect(text).toContain('    targets: shop.example.com via web1\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('4 targets: 1 ok, 3 failed');
  });

  it('uses no escape codes without colour', () => {
    expect(renderTable(report, { color: false })).not.toContain('\u001b[');
  });

  it('colours verdicts green (ok), red (failures) and yellow (slow, intermittent) with colour on', () => {
    const lines = renderTable(report, { color: true }).split('\n');
    expect(lines[1]?.startsWith('\u001b[32mok\u001b[39m')).toBe(true);
    expect(lines[2]?.startsWith('\u001b[31mhost_not_routed\u001b[39m')).toBe(true);
    expect(lines[3]?.startsWith('\u001b[33mintermittent\u001b[39m')).toBe(true);
    expect(lines[4]?.startsWith('\u001b[33mslow\u001b[39m')).toBe(true);
    expect(lines.at(-2)).toBe('4 targets: \u001b[32m1 ok\u001b[39m, \u001b[31m3 failed\u001b[39m');
  });

  it('wraps summaries to the width under their column instead of cutting them', () => {
    const width = 110;
    const long = {
      ...report,
      results: [
        result({
          target: 'shop.example.com via web1',
          verdict: 'connect_refused',
          layer: 'connect',
          status: null,
          summary:
            'nothing listens on 10.0.0.11:443; ask the host who owns the port: frontdoor host, then restart the proxy that should hold it',
        }),
      ],
    };
    const lines = renderTable(long, { color: false, width }).split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    const column = lines[1]?.indexOf('nothing') ?? -1;
    expect(column).toBeGreaterThan(0);
    expect(lines[2]?.slice(0, column).trim()).toBe('');
    const summary = lines
      .slice(1, lines.indexOf(''))
      .map((line) => line.slice(column))
      .join(' ');
    expect(summary).toContain('restart the proxy that should hold it');
    expect(lines.join('\n')).not.toContain('…');
  });

  it('puts the summary under its row when the terminal leaves too little room beside it', () => {
    // The fixed columns take 71 of 60 columns here: the terminal folds those, the summaries are wrapped.
    const lines = renderTable(report, { color: false, width: 60 }).split('\n');
    expect(lines[2]).toBe('    every expectation held');
    expect(lines[3]).toMatch(/^host_not_routed\s+proxy\s+400\s+1\.1\s+813 ms\s+shop\.example\.com via web1$/);
    expect(lines[4]).toBe("    web1 does not route shop.example.com: 400 'Invalid");
    expect(lines[5]).toBe("    Hostname' from its default server");
    for (const line of lines.filter((text) => text.startsWith('    ')))
      expect(line.length).toBeLessThanOrEqual(60);
  });

  it('keeps colour codes out of the layout', () => {
    const escapes = new RegExp(`${'\u001b'}\\[\\d+m`, 'g');
    const coloured = renderTable(report, { color: true, width: 80 }).replace(escapes, '');
    expect(coloured).toBe(renderTable(report, { color: false, width: 80 }));
  });

  it('with verbose, lists the evidence under each failing row, not under passing ones', () => {
    const verbose: CheckReport = {
      ...report,
      results: [
        result({ target: 'a via edge', verdict: 'ok', evidence: ['answered 200 OK in 3 ms'] }),
        result({
          target: 'a via web1',
          verdict: 'client_error',
          layer: 'app',
          status: 404,
          summary: 'a on web1 answered 404 Not Found for /health',
          evidence: [
            'answered 404 Not Found in 2.1 ms for GET /health, expected 200-399',
            'server: nginx/1.22.1',
          ],
        }),
      ],
    };
    const text = renderTable(verbose, { color: false, verbose: true });
    expect(text).toContain(
      '/health\n    id shop:a via web1\n    - answered 404 Not Found in 2.1 ms for GET /health, expected 200-399\n    - server: nginx/1.22.1\n',
    );
    expect(text).not.toContain('answered 200 OK');
    expect(renderTable(verbose, { color: false })).not.toContain('server: nginx');
  });

  it('with verbose, shows every row its stable id, the key of the JSON and the gate, passing rows too', () => {
    const shared: CheckReport = {
      ...report,
      results: [
        result({ target: 'shop.test/health via edge', verdict: 'ok', id: 'shop:shop.test/health@edge' }),
        result({ target: 'shop.test/api via edge', verdict: 'ok', id: 'api:shop.test/api@edge' }),
      ],
    };
    const lines = renderTable(shared, { color: false, verbose: true }).split('\n');
    expect(lines[1]).toMatch(/ shop\.test\/health via edge /);
    expect(lines[2]).toBe('    id shop:shop.test/health@edge');
    expect(lines[3]).toMatch(/ shop\.test\/api via edge /);
    expect(lines[4]).toBe('    id api:shop.test/api@edge');
    expect(renderTable(shared, { color: false })).not.toContain(' id ');
  });

  it('says "1 target" for a single result and leaves out the findings block when there are none', () => {
    const single: CheckReport = { ok: true, results: [result({ target: 'a', verdict: 'ok' })], findings: [] };
    const text = renderTable(single, { color: false });
    expect(text).not.toContain('findings:');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 target: 1 ok, 0 failed');
  });

  it('shows every redirect a target followed under its row, with the address that answered', () => {
    const followed: CheckReport = {
      ok: false,
      results: [
        result({
          target: 'a via edge',
          verdict: 'insecure_redirect',
          layer: 'proxy',
          status: 302,
          redirects: [
            { url: 'http://a.test/', status: 301, location: 'https://a.test/', address: '10.0.0.1:80' },
            { url: 'https://a.test/', status: 302, location: 'http://a.test/login', address: '10.0.0.1:443' },
          ],
        }),
        result({ target: 'b via edge', verdict: 'ok' }),
      ],
      findings: [],
    };
    const lines = renderTable(followed, { color: false }).split('\n');
    expect(lines.slice(1, 5).map((line) => line.trimEnd())).toEqual([
      expect.stringMatching(/^insecure_redirect +proxy +302 .+ a via edge/),
      '  redirect 301 http://a.test/ (10.0.0.1:80) -> https://a.test/',
      '  redirect 302 https://a.test/ (10.0.0.1:443) -> http://a.test/login',
      expect.stringMatching(/^ok +- +200 .+ b via edge/),
    ]);
  });
});

describe('renderTable and what servers send', () => {
  it('shows control characters from a server escaped, so nothing reaches the terminal raw', () => {
    const hostile: CheckReport = {
      ok: false,
      results: [
        result({
          target: 'shop.example.com via edge',
          verdict: 'client_error',
          layer: 'app',
          status: 404,
          summary: "answered 404 'Not \u001b[2J\u001b[31mFound\u009b0m' \u0085 with \u0007 bells",
          redirects: [{ url: 'https://shop.example.com/', status: 302, location: '/\u001b]0;owned\u0007' }],
        }),
      ],
      findings: [
        { code: 'fleet_wide', summary: 'same \u009b31m verdict', targets: ['a\u001b[1m'], targetIds: ['a'] },
      ],
    };
    const text = renderTable(hostile, { color: false });
    // Only the line breaks the table writes itself remain; every other control character is escaped.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain("answered 404 'Not \\x1B[2J\\x1B[31mFound\\x9B0m' \\x85 with \\x07 bells");
    expect(text).toContain('  redirect 302 https://shop.example.com/ -> /\\x1B]0;owned\\x07');
    expect(text).toContain('fleet_wide: same \\x9B31m verdict');
  });
});
