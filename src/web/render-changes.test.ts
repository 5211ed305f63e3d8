import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeployMark } from '../incidents/deploy-mark.js';
import { type HostEvent, hostEventSchema } from '../incidents/host-event.js';
import type { TimelineEntry } from '../store/read-events.js';
import { type ChangesPageModel, changeKeyOf, changesHref, renderChangesMain } from './render-changes.js';

// The recorded examples of docs/agent.md, one per event type.
const DOC = readFileSync(new URL('../../docs/agent.md', import.meta.url), 'utf8');
const examples = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => JSON.parse(m[1] ?? '') as { type?: string })
  .filter((e) => e.type !== undefined)
  .map((e) => hostEventSchema.parse(e));
const example = <K extends HostEvent['type']>(type: K) =>
  examples.find((e): e is Extract<HostEvent, { type: K }> => e.type === type) as Extract<
    HostEvent,
    { type: K }
  >;

const hostEntry = (id: number, event: HostEvent): TimelineEntry => ({
  id,
  kind: 'host',
  at: event.observedAt,
  receivedAt: event.observedAt,
  source: `${event.origin}-agent`,
  event,
});

const MARK: DeployMark = {
  version: '3f2c1ab',
  result: 'failed',
  reasons: ['shop.example.com via web1: 3 of 40 requests failed'],
  mode: 'during',
  startedAt: '2026-11-23T06:30:00.000Z',
  endedAt: '2026-11-23T06:31:00.000Z',
  interrupted: false,
  origins: ['web1', 'web2'],
  targetCount: 2,
  failedCount: 1,
  targets: [],
  targetsTruncated: false,
};
const deployEntry: TimelineEntry = {
  id: 9,
  kind: 'deploy',
  at: MARK.startedAt,
  receivedAt: MARK.endedAt,
  source: 'ci',
  mark: MARK,
};

const model = (overrides: Partial<ChangesPageModel>): ChangesPageModel => ({
  entries: [],
  incidents: null,
  origin: null,
  origins: ['web1', 'web2'],
  range: '24h',
  paged: false,
  next: null,
  streamPosition: 'abc.7',
  ...overrides,
});

/** The rows' cells as text, tags dropped: what a reader sees, in order. */
const rows = (markup: string) =>
  [...markup.matchAll(/<tr data-kind="[^"]*">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) =>
      (cell[1] ?? '').replace(/<details[\s\S]*<\/details>/, '').replace(/<[^>]+>/g, ''),
    ),
  );

describe('renderChangesMain', () => {
  it('lists each change with its time in UTC, origin, kind, one line and the incidents that carry it', () => {
    const drift = example('config_drift_appeared');
    const restart = example('service_restarted');
    const markup = renderChangesMain(
      model({
        entries: [hostEntry(12, drift), deployEntry, hostEntry(3, restart)],
        incidents: new Map([
          [changeKeyOf(deployEntry), [{ id: 'inc-1', title: 'web1 refuses connections' }]],
        ]),
      }),
    ).html;
    const [first, second, third] = rows(markup);
    expect(first?.slice(0, 3)).toEqual([
      `${drift.observedAt.slice(0, 19).replace('T', ' ')} UTC`,
      drift.origin,
      'config_drift_appeared',
    ]);
    expect(first?.[3]).toBe(
      '/etc/nginx/nginx.conf drifted from the baseline accepted 2026-11-02T10:15:00.000Z (1 changed)',
    );
    expect(first?.[4]).toBe('-');
    expect(second).toEqual([
      '2026-11-23 06:30:00 UTC',
      'web1, web2',
      'deploy',
      'deploy 3f2c1ab failed its gate on web1, web2: 1 of 2 targets failed',
      'web1 refuses connections',
    ]);
    expect(markup).toContain('<a href="/incidents/inc-1">web1 refuses connections</a>');
    expect(third?.[2]).toBe('service_restarted');
    // Only the drift has a diff, folded away.
    expect(markup.match(/<details class="diff">/g)).toHaveLength(1);
    expect(markup).toContain(
      `<summary>diff (${drift.diff.split('\n').filter(Boolean).length} lines)</summary>`,
    );
  });

  it('shows hostile text from an agent as text: no element, attribute or script gets through', () => {
    const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const drift = hostEventSchema.parse({
      ...example('config_drift_appeared'),
      origin: `web1${evil}`,
      config: `/etc/nginx/${evil}`,
      changed: [`/etc/nginx/${evil}`],
      diff: `--- a/x\n+++ b/x\n-</pre></details>${evil}\n+'&amp;'\n`,
      diffTruncated: true,
    });
    const pkg = hostEventSchema.parse({ ...example('package_changed'), package: `nginx${evil}` });
    const markup = renderChangesMain(
      model({
        entries: [hostEntry(1, drift), hostEntry(2, pkg)],
        origin: `web1${evil}`,
        incidents: new Map([[changeKeyOf(hostEntry(2, pkg)), [{ id: `i"${evil}`, title: evil }]]]),
      }),
    ).html;
    expect(markup).not.toMatch(/<script|<img|onerror=alert\(2\)>|<\/pre><\/details>"/);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('+&#39;&amp;amp;&#39;');
    expect(markup).toContain('cut short by the agent');
    // The hostile origin is still offered, as an escaped option value.
    expect(markup).toContain('<option value="web1&quot;&gt;&lt;script&gt;');
    expect(markup).toContain('href="/incidents/i%22%22%3E%3Cscript%3E');
  });

  it('says when there is nothing, and pages with the cursor, keeping the filters', () => {
    const empty = renderChangesMain(model({ origin: 'web2', range: '2h' })).html;
    expect(empty).toContain('No changes on web2 in the last 2h.');
    expect(empty).not.toContain('class="pager"');
    const paged = renderChangesMain(
      model({
        entries: [deployEntry],
        origin: 'web1',
        range: '7d',
        paged: true,
        next: { atMs: Date.parse(MARK.startedAt), id: 9 },
      }),
    ).html;
    expect(paged).toContain('<a href="/changes?origin=web1&amp;since=7d">← newest</a>');
    expect(paged).toContain(
      `<a href="/changes?origin=web1&amp;since=7d&amp;after=${Date.parse(MARK.startedAt)}-9" rel="next">older →</a>`,
    );
    expect(changesHref({ origin: null, range: '24h' })).toBe('/changes');
    expect(changesHref({ origin: 'a b&c', range: '24h' })).toBe('/changes?origin=a+b%26c');
  });

  it('tells its script where the stream stood and whether it is the newest page, with a hidden note for older ones', () => {
    const newest = renderChangesMain(model({ origin: 'web1' })).html;
    expect(newest).toContain('<main id="changes" data-stream-position="abc.7" data-paged="no">');
    expect(newest).toContain('<div id="changes-list">');
    const older = renderChangesMain(
      model({ origin: 'web1', paged: true, next: { atMs: Date.parse(MARK.startedAt), id: 9 } }),
    ).html;
    expect(older).toContain('data-paged="yes"');
    expect(older).toMatch(
      /<p id="changes-fresh" class="fresh-note" role="status" hidden>Newer changes arrived: <a href="\/changes\?origin=web1">show the newest<\/a>\.<\/p>/,
    );
  });
});
