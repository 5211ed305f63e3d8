import { describe, expect, it } from 'vitest';
import { buildResult } from '../diagnose/fixtures/build-result.js';
import type { CheckReport } from '../diagnose/target-result.js';
import { buildFailedGate } from './gate-report.test-helper.js';
import { measureColumns } from './measure-columns.js';
import { renderGateSection } from './render-gate-section.js';
import { renderTable } from './render-table.js';

// Math.max(...cells) put every cell length on the stack as an argument and threw RangeError past ~125,000
// rows; a fleet run or a long deploy watch has that many.
const ROWS = 200_000;

describe('measureColumns', () => {
  it('takes the longest of the title and every cell, per column, and ignores extra cells', () => {
    expect(
      measureColumns(
        ['A', 'BB'],
        [
          ['xyz', 'q', 'ignored beyond the header'],
          ['', 'four'],
        ],
      ),
    ).toEqual([3, 4]);
    expect(measureColumns(['TITLE'], [])).toEqual([5]);
  });

  it('measures 200,000 rows', () => {
    const rows = Array.from({ length: ROWS }, (_, n) => [String(n)]);
    expect(measureColumns(['N'], rows)).toEqual([String(ROWS - 1).length]);
  });
});

describe('tables of 200,000 rows', () => {
  it('renderTable draws a row per result', () => {
    const result = buildResult('shop.test', 'web1', 'ok');
    const report: CheckReport = {
      ok: true,
      results: Array.from({ length: ROWS }, () => result),
      findings: [],
    };
    const lines = renderTable(report, { color: false }).split('\n');
    expect(lines.filter((line) => line.startsWith('ok '))).toHaveLength(ROWS);
  });

  it('renderGateSection draws a deploy row per target', () => {
    const { gate } = buildFailedGate();
    const [row] = gate.deploy?.perTarget ?? [];
    if (gate.deploy === undefined || row === undefined) throw new Error('the fixture has a deploy');
    const deploy = { ...gate.deploy, perTarget: Array.from({ length: ROWS }, () => row) };
    const text = renderGateSection({ ...gate, deploy }, { color: false });
    expect(text.split('\n').filter((line) => line.startsWith(`  ${row.target}`))).toHaveLength(ROWS);
  });
});
