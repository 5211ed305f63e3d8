import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IncidentNotification } from '../incidents/incident.js';
import { buildAlertmanagerAlert } from './alertmanager-channel.js';
import { buildPagerDutyEvent, pagerDutyActionOf } from './pagerduty-channel.js';
import { buildSlackPayload, SLACK_LIMITS } from './slack-blocks.js';
import { signWebhook } from './webhook-channel.js';

function notification(kind: IncidentNotification['kind'], hostnames = 2): IncidentNotification {
  const names = Array.from({ length: hostnames }, (_, i) => `h${i}.example.com`);
  return {
    type: 'incident',
    key: `inc-1#${kind === 'resolved' ? 4 : 1}`,
    incidentId: 'inc-1',
    transition: 1,
    kind,
    at: '2026-11-23T04:00:00.000Z',
    policy: 'quiet',
    channels: ['ops'],
    severity: 'warning',
    detail: 'd'.repeat(5000),
    incident: {
      id: 'inc-1',
      title: 't'.repeat(400),
      status: kind === 'resolved' ? 'resolved' : 'open',
      cause: { key: 'target:x', code: 'target', summary: 's', previousKeys: [] },
      layer: 'proxy',
      verdicts: ['proxy_upstream_unavailable'],
      summary: 'nginx 502 in 3 ms',
      evidence: Array.from({ length: 12 }, () => 'e'.repeat(2000)),
      hostnames: names,
      origins: [],
      sites: ['shop'],
      environments: ['acceptance'],
      targets: [],
      targetCount: hostnames,
      since: '2026-11-23T03:58:00.000Z',
      ...(kind === 'resolved' ? { resolvedAt: '2026-11-23T04:10:00.000Z' } : {}),
      locations: ['ams', 'fra'],
      flapping: false,
    },
  };
}

describe('message shapes', () => {
  it("Slack: every block within Slack's limits however long the incident", () => {
    const { blocks, text } = buildSlackPayload(notification('opened', 5000));
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    for (const block of blocks) {
      const blockText = (block.text as { text?: string } | undefined)?.text ?? '';
      expect(blockText.length).toBeLessThanOrEqual(
        block.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText,
      );
    }
  });

  it('PagerDuty: trigger while open, resolve at the end, dedup_key the incident id, severity from the policy', () => {
    expect(
      ['opened', 'widened', 'reminder', 'flapping', 'resolved', 'merged'].map((kind) =>
        pagerDutyActionOf(notification(kind as IncidentNotification['kind'])),
      ),
    ).toEqual(['trigger', 'trigger', 'trigger', 'trigger', 'resolve', 'resolve']);
    const event = buildPagerDutyEvent('key', notification('opened')) as {
      dedup_key: string;
      payload: { severity: string; summary: string; source: string };
    };
    expect(event.dedup_key).toBe('inc-1');
    expect(event.payload.severity).toBe('warning');
    expect(event.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(event.payload.source).toBe('h0.example.com');
    expect(buildPagerDutyEvent('key', notification('resolved'))).toEqual({
      routing_key: 'key',
      event_action: 'resolve',
      dedup_key: 'inc-1',
    });
  });

  it('Alertmanager: labels stay the same over the incident; a resolution ends the alert when it resolved', () => {
    const now = Date.parse('2026-11-23T04:00:05Z');
    const firing = buildAlertmanagerAlert(notification('opened'), now, 3_600_000);
    const resolved = buildAlertmanagerAlert(notification('resolved'), now, 3_600_000);
    expect(resolved.labels).toEqual(firing.labels);
    expect(firing.endsAt).toBe('2026-11-23T05:00:05.000Z');
    expect(resolved.endsAt).toBe('2026-11-23T04:10:00.000Z');
  });

  it('webhook signature: HMAC-SHA256 of "<t>.<body>"', () => {
    expect(signWebhook('secret', '{"a":1}', 1_700_000_000)).toBe(
      `t=1700000000,v1=${createHmac('sha256', 'secret').update('1700000000.{"a":1}').digest('hex')}`,
    );
  });
});
