import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBootTime, parseStartTicks, readProcessStarts } from './read-process-start.js';

// Recorded from this machine's /proc/self/stat; the second has a command name with ") " inside it.
const CAT_STAT =
  '2278 (cat) R 2276 2276 19351 0 -1 4194304 99 0 0 0 0 0 0 0 20 0 1 0 514060 3133440 409 18446744073709551615 0 0 0 0\n';
const TRICKY_STAT = '812 (open) vpn) S 1 812 812 0 -1 4194560 10 0 0 0 1 2 0 0 20 0 1 0 98765 1 2 3\n';

describe('parseStartTicks', () => {
  it('reads field 22, counting from the last parenthesis', () => {
    expect(parseStartTicks(CAT_STAT)).toBe(514060);
    expect(parseStartTicks(TRICKY_STAT)).toBe(98765);
  });

  it('gives undefined for a truncated or foreign line', () => {
    expect(parseStartTicks('812 (nginx) S 1 2 3')).toBeUndefined();
    expect(parseStartTicks('no parentheses here')).toBeUndefined();
  });
});

describe('readProcessStarts', () => {
  it('turns ticks into a wall-clock start with btime, and leaves out processes that are gone', async () => {
    expect(parseBootTime('cpu 1 2 3\nbtime 1796415446\nprocesses 9\n')).toBe(1796415446);
    const proc = await mkdtemp(join(tmpdir(), 'frontdoor-proc-start-'));
    try {
      await writeFile(join(proc, 'stat'), 'cpu 1 2 3\nbtime 1796415446\n');
      await mkdir(join(proc, '2278'));
      await writeFile(join(proc, '2278', 'stat'), CAT_STAT);
      const starts = await readProcessStarts(proc, [2278, 4444]);
      expect([...starts.keys()]).toEqual([2278]);
      expect(starts.get(2278)).toEqual({
        pid: 2278,
        startTicks: 514060,
        startedAt: new Date(1796415446 * 1000 + 5140600),
      });
    } finally {
      await rm(proc, { recursive: true, force: true });
    }
  });

  it('reads the real /proc: this process started before now and after boot', async () => {
    const start = (await readProcessStarts('/proc', [process.pid])).get(process.pid);
    expect(start?.startTicks).toBeGreaterThan(0);
    expect(start?.startedAt?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
