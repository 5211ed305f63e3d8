import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertmanagerServer, startAlertmanager } from '../../../src/lab/alertmanager-server.js';
import { createAlertmanagerChannel } from '../../../src/notify/alertmanager-channel.js';
import { buildNotification } from './notification-fixture.js';

let alertmanager: AlertmanagerServer;
beforeAll(async () => {
  alertmanager = await startAlertmanager();
});
afterAll(async () => {
  await alertmanager?.stop();
});

describe('Alertmanager channel (Debian prometheus-alertmanager on loopback)', () => {
  it('posts the alert to /api/v2/alerts, where Alertmanager lists it; a resolution ends it', async () => {
    const channel = createAlertmanagerChannel({
      name: 'am',
      type: 'alertmanager',
      url: alertmanager.url,
      headers: {},
      ttlMs: 3_600_000,
      timeoutMs: 5000,
    });
    const opened = buildNotification({ id: 'inc-am-1' });
    expect(await channel.deliver(opened, { attempt: 1, now: Date.now() })).toMatchObject({
      ok: true,
      status: 200,
    });
    const listed = await alertmanager.listAlerts();
    const alert = listed.find((a) => a.labels.incident === 'inc-am-1');
    expect(alert?.labels).toEqual({
      alertname: 'FrontdoorIncident',
      incident: 'inc-am-1',
      policy: 'page',
      severity: 'critical',
    });
    expect(alert?.annotations).toMatchObject({
      cause: 'shared_front_door_down:web1',
      layer: 'connect',
      origins: 'web1',
      idempotency_key: 'inc-am-1#1',
    });
    expect(alert?.status.state).toBe('active');
    const resolved = buildNotification({ id: 'inc-am-1', kind: 'resolved' });
    expect(await channel.deliver(resolved, { attempt: 1, now: Date.now() })).toMatchObject({ ok: true });
    const after = (await alertmanager.listAlerts()).find((a) => a.labels.incident === 'inc-am-1');
    expect(after === undefined || Date.parse(after.endsAt) <= Date.now()).toBe(true);
  });

  it('a malformed alert is a permanent 400', async () => {
    const channel = createAlertmanagerChannel({
      name: 'am',
      type: 'alertmanager',
      url: `${alertmanager.url}/`,
      headers: {},
      ttlMs: 1000,
      timeoutMs: 5000,
    });
    const broken = buildNotification({ id: 'inc-am-2' });
    broken.incident.since = 'not a time';
    const outcome = await channel.deliver(broken, { attempt: 1, now: Date.now() });
    expect(outcome).toMatchObject({ ok: false, status: 400, retryable: false });
  });
});
