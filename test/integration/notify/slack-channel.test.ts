import { afterEach, describe, expect, it } from 'vitest';
import { type SlackReceiver, startSlackReceiver } from '../../../src/lab/slack-receiver.js';
import { postRequest } from '../../../src/notify/post-request.js';
import { createSlackChannel } from '../../../src/notify/slack-channel.js';
import { buildNotification } from './notification-fixture.js';

let slack: SlackReceiver | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

const context = () => ({ attempt: 1, now: Date.now() });
const channelFor = (webhook: string) =>
  createSlackChannel({ name: 'ops', type: 'slack', webhook, timeoutMs: 5000 });

describe('the lab Slack receiver', () => {
  it.each([
    [
      'a header over 150 characters',
      { blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] },
      'invalid_blocks',
    ],
    [
      'a section over 3000 characters',
      { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] },
      'invalid_blocks',
    ],
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, 'invalid_blocks'],
    [
      '11 fields',
      {
        blocks: [
          { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) },
        ],
      },
      'invalid_blocks',
    ],
    ['neither text nor blocks', { username: 'x' }, 'no_text'],
  ])('refuses %s with 400, as Slack does', async (_, payload, error) => {
    slack = await startSlackReceiver();
    const response = await postRequest(slack.webhookUrl, JSON.stringify(payload), {
      headers: {},
      timeoutMs: 5000,
    });
    expect([response.status, response.body]).toEqual([400, error]);
  });
});

describe('Slack channel', () => {
  it('posts blocks with the cause, layer, since, hostnames and origins, and Slack accepts them', async () => {
    slack = await startSlackReceiver();
    const outcome = await channelFor(slack.webhookUrl).deliver(buildNotification(), context());
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    const text = JSON.stringify(slack.messages[0]);
    for (const part of [
      'front door of web1 down',
      'shared_front_door_down',
      '*Layer*',
      'connect',
      '*Since*',
      '2026-11-23T04:01:31.000Z',
      's1.example.com',
      'web1',
    ]) {
      expect(text).toContain(part);
    }
    // mrkdwn control characters are escaped
    expect(text).toContain('&lt;and&gt; others &amp; more');
  });

  it("stays inside Slack's block limits for a huge incident (2000 hostnames, long evidence)", async () => {
    slack = await startSlackReceiver();
    const outcome = await channelFor(slack.webhookUrl).deliver(
      buildNotification({ hostnames: 2000, evidence: 12 }),
      context(),
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(JSON.stringify(slack.messages[0])).toContain('and 1960 more');
  });

  it('retries a rate limit after Retry-After, gives up on an unknown webhook, and never says its token', async () => {
    slack = await startSlackReceiver();
    slack.rateLimitNext(1, 7);
    const limited = await channelFor(slack.webhookUrl).deliver(buildNotification(), context());
    expect(limited).toMatchObject({ ok: false, code: 'rate_limited', retryable: true, retryAfterMs: 7000 });
    const wrong = `${slack.webhookUrl.slice(0, -6)}wrong1`;
    const gone = await channelFor(wrong).deliver(buildNotification(), context());
    expect(gone).toMatchObject({ ok: false, code: 'http_status', status: 404, retryable: false });
    expect(gone.detail).toContain('no_service');
    expect(gone.detail).not.toContain('labtoken');
    expect(gone.detail).not.toContain('wrong1');
  });
});
