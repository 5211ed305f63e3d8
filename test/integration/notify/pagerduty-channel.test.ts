import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { buildEngineSettings } from '../../../src/incidents/engine-settings.js';
import { parseReplayText, replayInputs } from '../../../src/incidents/replay.js';
import { type PagerDutyReceiver, startPagerDutyReceiver } from '../../../src/lab/pagerduty-receiver.js';
import { type SlackReceiver, startSlackReceiver } from '../../../src/lab/slack-receiver.js';
import { MemoryOutboxStore } from '../../../src/notify/memory-outbox-store.js';
import { rowsForNotification } from '../../../src/notify/outbox-rows.js';
import { createOutboxSender } from '../../../src/notify/outbox-sender.js';
import { buildPagerDutyEvent, createPagerDutyChannel } from '../../../src/notify/pagerduty-channel.js';
import { postRequest } from '../../../src/notify/post-request.js';
import { createSlackChannel } from '../../../src/notify/slack-channel.js';
import { buildNotification } from './notification-fixture.js';

const KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
let pd: PagerDutyReceiver | undefined;
let slack: SlackReceiver | undefined;
afterEach(async () => {
  await pd?.close();
  await slack?.close();
  pd = undefined;
  slack = undefined;
});

const context = () => ({ attempt: 1, now: Date.now() });
const channelFor = (url: string, routingKey = KEY) =>
  createPagerDutyChannel({ name: 'oncall', type: 'pagerduty', routingKey, url, timeoutMs: 5000 });

describe('PagerDuty channel', () => {
  it('triggers once per incident (dedup_key = incident id), updates it, and resolves it', async () => {
    pd = await startPagerDutyReceiver([KEY]);
    const oncall = channelFor(pd.url);
    expect(await oncall.deliver(buildNotification(), context())).toMatchObject({ ok: true, status: 202 });
    expect(await oncall.deliver(buildNotification(), context())).toMatchObject({ ok: true }); // a retry
    expect(await oncall.deliver(buildNotification({ kind: 'widened' }), context())).toMatchObject({
      ok: true,
    });
    expect(pd.pages()).toBe(1);
    const alert = pd.alerts.get('inc-20261123T040131Z-38af1142');
    expect(alert).toMatchObject({ status: 'triggered', severity: 'critical', triggers: 3 });
    expect(pd.events[0]).toMatchObject({
      event_action: 'trigger',
      payload: { source: 'web1', component: 'connect', class: 'shared_front_door_down' },
    });
    expect(await oncall.deliver(buildNotification({ kind: 'resolved' }), context())).toMatchObject({
      ok: true,
    });
    expect(alert?.status).toBe('resolved');
  });

  it('speaks acknowledge too, by the same dedup_key', async () => {
    pd = await startPagerDutyReceiver([KEY]);
    await channelFor(pd.url).deliver(buildNotification(), context());
    const ack = buildPagerDutyEvent(KEY, buildNotification(), 'acknowledge');
    const response = await postRequest(pd.url, JSON.stringify(ack), {
      headers: { 'content-type': 'application/json' },
      timeoutMs: 5000,
    });
    expect(response.status).toBe(202);
    expect(pd.alerts.get('inc-20261123T040131Z-38af1142')?.status).toBe('acknowledged');
  });

  it('a 400 (a routing key PagerDuty does not know) is permanent, and the key never shows', async () => {
    pd = await startPagerDutyReceiver([KEY]);
    const wrong = 'WRONGKEY0123456789abcdefABCDEF99';
    const outcome = await channelFor(pd.url, wrong).deliver(buildNotification(), context());
    expect(outcome).toMatchObject({ ok: false, code: 'http_status', status: 400, retryable: false });
    expect(outcome.detail).toContain('invalid event');
    expect(outcome.detail).not.toContain(wrong);
    pd.receiver.failNext(1, { status: 429, headers: { 'retry-after': '2' } });
    expect(await channelFor(pd.url).deliver(buildNotification(), context())).toMatchObject({
      ok: false,
      code: 'rate_limited',
      retryAfterMs: 2000,
    });
    pd.receiver.failNext(1, { status: 502 });
    expect(await channelFor(pd.url).deliver(buildNotification(), context())).toMatchObject({
      ok: false,
      retryable: true,
    });
  });

  it('the engine, the outbox and the sender page once for 40 hostnames losing their door (fixture replayed)', async () => {
    pd = await startPagerDutyReceiver([KEY]);
    slack = await startSlackReceiver();
    const folder = fileURLToPath(new URL('../../../src/incidents/fixtures/', import.meta.url));
    const config = parseConfig(readFileSync(`${folder}frontdoor.yaml`, 'utf8'), `${folder}frontdoor.yaml`, {
      reader: 'serve',
    });
    const lines = parseReplayText(readFileSync(`${folder}door-shut-40-hostnames.jsonl`, 'utf8'), 'fixture');
    const { steps } = replayInputs(lines, buildEngineSettings(config));
    const store = new MemoryOutboxStore();
    for (const step of steps) {
      for (const n of step.notifications) await store.enqueue(rowsForNotification(n, Date.parse(n.at)));
    }
    const sender = createOutboxSender({
      store,
      channels: {
        oncall: channelFor(pd.url),
        ops: createSlackChannel({ name: 'ops', type: 'slack', webhook: slack.webhookUrl, timeoutMs: 5000 }),
      },
      clock: { now: () => Date.parse('2026-11-23T05:00:00Z') },
      random: Math.random,
      owner: 'test',
      log: { info: () => undefined, warn: () => undefined },
    });
    while ((await sender.runOnce()) > 0);
    expect(pd.pages()).toBe(1);
    expect([...pd.alerts.values()].map((alert) => alert.status)).toEqual(['resolved']);
    expect(slack.messages).toHaveLength(2);
  });
});
