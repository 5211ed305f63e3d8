import { describe, expect, it } from 'vitest';
import { buildIncidentDossier } from '../incidents/build-incident-dossier.js';
import type { IncidentDossier } from '../incidents/incident-dossier.js';
import { buildIncidentTimeline } from '../incidents/incident-timeline.js';
import { replayHistories } from '../incidents/replay-histories.test-helper.js';
import { renderIncidentWriteup } from './render-incident-writeup.js';

const OPTIONS = { nowMs: Date.parse('2026-11-23T05:00:00Z'), version: '0.1.0' };

/** The dossier of the one incident a recorded fixture opens. */
function dossierOf(fixture: string): IncidentDossier {
  const { histories, rounds } = replayHistories(fixture);
  expect(histories.size).toBe(1);
  const history = [...histories.values()][0];
  if (history === undefined) throw new Error('no incident');
  return buildIncidentDossier({ history, rounds });
}

describe('the incident write-up, drafted from recorded rounds', () => {
  it('names the origin, the layer, the detection time, the duration and the impact of a shut front door', () => {
    const dossier = dossierOf('door-shut-40-hostnames');
    expect(dossier).toMatchObject({
      status: 'resolved',
      origins: ['web1'],
      // web1 refused, and the CDN answered 521 for the hostnames it routed there: both layers, the
      // notified one first.
      layer: 'connect, edge',
      verdicts: ['connect_refused', 'edge_origin_unreachable'],
      firstFailureAt: '2026-11-23T04:01:00.000Z',
      openedAt: '2026-11-23T04:01:31.000Z',
      resolvedAt: '2026-11-23T04:07:46.000Z',
      requests: { total: 1520, failed: 1360 },
    });
    expect(dossier.targets).toHaveLength(80);
    expect(dossier.evidence).toMatchObject({ verdict: 'connect_refused', connectTo: '10.0.0.11:443' });
    const text = renderIncidentWriteup(dossier, OPTIONS);
    expect(text).toMatch(/^# front door of web1 down: connect_refused on 40 hostnames\n/);
    expect(text).toContain(
      "- **What visitors saw:** The CDN's own error page (such as Cloudflare's 521 or 522)",
    );
    expect(text).toContain(
      '- **Which layer failed:** connect, edge (`connect_refused`, `edge_origin_unreachable`), shared front door down.',
    );
    expect(text).toContain('- **Where:** origin web1; 40 hostnames of 40 sites in production.');
    expect(text).toContain(
      '- **Detection:** first failure at 2026-11-23 04:01:00 UTC; confirmed and opened at 2026-11-23 04:01:31 UTC, 31 s later; first notification at 2026-11-23 04:01:31 UTC to oncall, ops.',
    );
    expect(text).toContain(
      '- **Duration:** 6 min 46 s, from 2026-11-23 04:01:00 UTC to 2026-11-23 04:07:46 UTC.',
    );
    expect(text).toContain(
      '- **Impact:** 80 targets failed (40 hostnames on 1 origin); 1360 of 1520 probe requests failed (89.5%).',
    );
    expect(text).toContain(
      "The failing layers are **connect** (the TCP connection to the front door's port: nothing there accepted it) and **edge** (the CDN edge in front of the origins).",
    );
    expect(text).toContain('Nothing was recorded on web1 in the 2 hours before 2026-11-23 04:01:00 UTC');
    expect(text).toContain('nothing listens on 10.0.0.11:443');
    // Forty hostnames that failed and recovered together are one row per path.
    expect(text).toContain(
      '| 40 targets via web1: s01.example.com, s02.example.com, s03.example.com, s04.example.com, s05.example.com and 35 more | connect_refused | 2026-11-23 04:01:15 UTC | 2026-11-23 04:07:15 UTC | 680 of 760 |',
    );
    const headings = [...text.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual([
      'Summary',
      'What visitors saw',
      'Which layer failed and why',
      'What changed before it',
      'Evidence',
      'Affected targets',
      'Timeline',
      'Root cause, resolution and prevention',
    ]);
  });

  it('tells the timeline in order: first failure, confirmation, notification, recovery, resolution', () => {
    const timeline = buildIncidentTimeline(dossierOf('door-shut-40-hostnames'));
    expect(timeline.map((entry) => [entry.at.slice(11, 19), entry.kind])).toEqual([
      ['04:01:00', 'first_failure'],
      ['04:01:31', 'transition'],
      ['04:01:31', 'notification'],
      ['04:01:46', 'transition'],
      ['04:07:31', 'transition'],
      ['04:07:46', 'transition'],
      ['04:07:46', 'recovered'],
      ['04:07:46', 'notification'],
    ]);
    expect(timeline[1]?.text).toMatch(/^confirmed and opened: s01\.example\.com via edge/);
  });

  it('says when a cause widened, and keeps an ongoing incident open to "now"', () => {
    const widened = renderIncidentWriteup(dossierOf('widening'), OPTIONS);
    expect(widened).toContain(
      'The cause widened while it lasted: it began as `target:w1:w1.example.com/health@web3:connect_refused` and became `shared_front_door_down:web3`.',
    );
    expect(widened).toContain('cause widened: ');

    const open = { ...dossierOf('door-shut-40-hostnames'), status: 'open' as const, resolvedAt: null };
    const text = renderIncidentWriteup(open, { ...OPTIONS, nowMs: Date.parse('2026-11-23T04:31:00Z') });
    expect(text).toContain('- **Duration:** ongoing: 30 min so far, since 2026-11-23 04:01:00 UTC.');
    expect(text).toContain('still open when this draft was written');
  });

  it('lists maintenance windows and changes before the failure, and puts deliveries on the timeline', () => {
    const base = dossierOf('door-shut-40-hostnames');
    const dossier: IncidentDossier = {
      ...base,
      changes: [
        {
          at: '2026-11-23T03:58:10.000Z',
          kind: 'agent',
          origin: 'web1',
          summary: 'nginx restarted by unattended-upgrades; :443 now held by openvpn (pid 812)',
        },
      ],
      notifications: base.notifications.map((notification, index) => ({
        ...notification,
        deliveries:
          index === 0
            ? [{ channel: 'oncall', at: '2026-11-23T04:01:32.000Z', outcome: 'sent' as const }]
            : [],
      })),
    };
    const text = renderIncidentWriteup(dossier, OPTIONS);
    expect(text).not.toContain('Likely cause');
    const ranked = renderIncidentWriteup(
      {
        ...dossier,
        likelyCauses: [
          'nginx restarted by unattended-upgrades 03:58:10, then :443 held by openvpn pid 812',
          'tailscale removed by dpkg 03:40:00',
        ],
      },
      OPTIONS,
    );
    expect(ranked).toContain(
      '**Likely cause**: nginx restarted by unattended-upgrades 03:58:10, then :443 held by openvpn pid 812 (also possible: tailscale removed by dpkg 03:40:00)',
    );
    expect(text).toContain(
      '- 2026-11-23 03:58:10 UTC: host change on web1: nginx restarted by unattended-upgrades; :443 now held by openvpn (pid 812)',
    );
    expect(text).toContain('- **2026-11-23 04:01:32** oncall: delivered');
    expect(text.indexOf('03:58:10** host change')).toBeLessThan(text.indexOf('04:01:00** first failure'));
  });

  it('names maintenance windows among the changes and puts their start and end on the timeline', () => {
    const dossier: IncidentDossier = {
      ...dossierOf('door-shut-40-hostnames'),
      maintenance: [
        {
          id: 'mw-1',
          name: 'nginx-upgrade',
          source: 'api',
          scope: { sites: [], origins: ['web1'], environments: [] },
          startsAt: '2026-11-23T04:03:00.000Z',
          endsAt: '2026-11-23T04:20:00.000Z',
          reason: 'nginx 1.26',
        },
      ],
    };
    const text = renderIncidentWriteup(dossier, OPTIONS);
    expect(text).toContain(
      '- Maintenance window **nginx-upgrade** from 2026-11-23 04:03:00 UTC to 2026-11-23 04:20:00 UTC (nginx 1.26): notifications were held while it lasted.',
    );
    expect(text).not.toContain('Nothing was recorded on web1');
    expect(text).toContain('- **2026-11-23 04:03:00** maintenance window nginx-upgrade (nginx 1.26) started');
    expect(text).toContain('- **2026-11-23 04:20:00** maintenance window nginx-upgrade (nginx 1.26) ended');
    const kinds = buildIncidentTimeline(dossier).map((entry) => [entry.at.slice(11, 19), entry.kind]);
    expect(kinds).toContainEqual(['04:03:00', 'maintenance']);
    // In time order: the window starts between the confirmation and the recovery, and ends after it.
    expect(kinds.findIndex(([at]) => at === '04:03:00')).toBeGreaterThan(
      kinds.findIndex(([, kind]) => kind === 'notification'),
    );
    expect(kinds.at(-1)).toEqual(['04:20:00', 'maintenance']);
  });

  it('says so when the policy has no notification channel, rather than notifying "no channel"', () => {
    const base = dossierOf('door-shut-40-hostnames');
    const dossier: IncidentDossier = {
      ...base,
      notifications: base.notifications.map((notification) => ({ ...notification, channels: [] })),
    };
    const text = renderIncidentWriteup(dossier, OPTIONS);
    expect(text).toContain(
      '- **Detection:** first failure at 2026-11-23 04:01:00 UTC; confirmed and opened at 2026-11-23 04:01:31 UTC, 31 s later; no notification channel is configured for policy page, so nobody was notified.',
    );
    expect(text).toContain(
      '- **2026-11-23 04:01:31** notification (opened): no notification channel is configured',
    );
    expect(text).not.toContain('no channel,');
    expect(text).not.toMatch(/to no channel/);
  });

  it('keeps text from a server on one line and out of the table syntax', () => {
    const base = dossierOf('door-shut-40-hostnames');
    const hostile: IncidentDossier = {
      ...base,
      title: 'evil\n# injected heading',
      targets: base.targets.slice(0, 1).map((target) => ({ ...target, name: 'a | b\nc' })),
    };
    const text = renderIncidentWriteup(hostile, OPTIONS);
    expect(text).toMatch(/^# evil # injected heading\n/);
    expect(text).not.toMatch(/^# injected/m);
    expect(text).toContain('| a \\| b c |');
  });
});
