import { describe, expect, it } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import { buildFailedGate } from './gate-report.test-helper.js';
import { escapeCell, escapeInline, renderMarkdown } from './render-markdown.js';

describe('markdown escaping', () => {
  it('neutralises HTML and Markdown and keeps table cells on one line', () => {
    expect(escapeInline('<script>x</script> *bold* `code` [link](u) a & b\nnext')).toBe(
      '&lt;script&gt;x&lt;/script&gt; \\*bold\\* \\`code\\` \\[link\\](u) a &amp; b next',
    );
    expect(escapeCell('a|b')).toBe('a\\|b');
  });
});

describe('renderMarkdown', () => {
  it('renders the headline, reasons, targets, deploy gaps, findings and folded evidence', () => {
    const report = buildFailedGate();
    report.check.findings = [
      {
        code: 'origin_partial',
        summary: 'web2 fails while web1 passes',
        targets: ['shop.test via web2'],
        targetIds: ['shop:shop.test/health@web2'],
      },
    ];
    const markdown = renderMarkdown(report);
    expect(markdown.startsWith('## ❌ frontdoor verify failed\n')).toBe(true);
    expect(markdown).toContain(
      '1 of 2 targets passed a burst of 10 · 6 of 80 requests failed during the deploy',
    );
    expect(markdown).toContain('- final check: 1 of 2 targets failed (shop.test via web2: wrong\\_version)');
    expect(markdown).toContain('| ✅ | `ok` | shop.test via web1 | 2 |');
    expect(markdown).toContain(
      '| ❌ | `wrong_version` | shop.test via web2 | 1.1 | web2 serves version &lt;1.9&gt; &amp; "old", expected 2.0 |',
    );
    expect(markdown).toContain('Command: ./deploy.sh --env prod (exit code 0, 8 s)');
    expect(markdown).toContain('| ✅ | shop.test via web1 | 40 | 0 | - | - | shop:shop.test/health@web1 |');
    expect(markdown).toContain(
      '| ❌ | shop.test via web2 | 40 | 6 | 1.2 s | 2026-11-23T09:00:01.400Z | shop:shop.test/health@web2 |',
    );
    expect(markdown).toContain('- **origin_partial**: web2 fails while web1 passes (shop.test via web2)');
    expect(markdown).toContain('<details><summary>shop.test via web2: wrong_version</summary>');
    expect(markdown).toContain('- body: a|bc');
  });

  it('says passed and leaves out empty sections for a healthy burst', () => {
    const report = buildFailedGate();
    report.check = { ok: true, results: [buildResult('shop.test', 'web1', 'ok')], findings: [] };
    report.gate = { mode: 'burst', ok: true, reasons: [], burst: 10, rounds: 1, interrupted: false };
    const markdown = renderMarkdown(report);
    expect(markdown).toBe(
      [
        '## ✅ frontdoor verify passed',
        '',
        '1 of 1 targets passed a burst of 10',
        '',
        '### Targets',
        '',
        '| | Verdict | Target | HTTP | Summary | Id |',
        '|---|---|---|---|---|---|',
        '| ✅ | `ok` | shop.test via web1 | - | ok (recorded) | shop:shop.test/health@web1 |',
        '',
      ].join('\n'),
    );
  });

  it('marks a tolerated gap as a warning, not a failure', () => {
    const report = buildFailedGate();
    report.gate.allowGapMs = 2000;
    const web2 = report.gate.deploy?.perTarget[1];
    if (web2 !== undefined) web2.failsGate = false;
    expect(renderMarkdown(report)).toContain('| ⚠️ | shop.test via web2 | 40 | 6 | 1.2 s |');
  });
});
