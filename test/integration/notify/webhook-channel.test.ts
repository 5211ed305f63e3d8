import { createHmac } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_TIMEOUT_MS } from '../../../src/config/alerts-config.js';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { createWebhookChannel } from '../../../src/notify/webhook-channel.js';
import { buildNotification } from './notification-fixture.js';

const SECRET = 'whsec-0123456789abcdef';
const TOKEN = 'tok-9f8e7d6c5b4a';
let receiver: HttpReceiver | undefined;
let silent: Server | undefined;
const held = new Set<Socket>();

/** Closes the server that accepts and never answers, dropping the connections it holds. */
async function closeSilent(): Promise<void> {
  for (const socket of held) socket.destroy();
  held.clear();
  await new Promise((resolve) => (silent === undefined ? resolve(undefined) : silent.close(resolve)));
  silent = undefined;
}

afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  await closeSilent();
});

function channel(url: string, timeoutMs = DEFAULT_CHANNEL_TIMEOUT_MS) {
  return createWebhookChannel({
    name: 'hook',
    type: 'webhook',
    url,
    headers: { Authorization: `Bearer ${TOKEN}` },
    secret: SECRET,
    timeoutMs,
  });
}

describe('webhook channel', () => {
  it('posts the message as JSON with its Idempotency-Key and a signature the receiver can verify', async () => {
    receiver = await startHttpReceiver(() => ({ status: 204 }));
    const message = buildNotification();
    const now = Date.parse('2026-11-23T04:01:32Z');
    const outcome = await channel(`${receiver.origin}/hooks/${TOKEN}`).deliver(message, { attempt: 1, now });
    expect(outcome).toMatchObject({ ok: true, status: 204 });
    const [request] = receiver.requests;
    expect(request?.headers['idempotency-key']).toBe(message.key);
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['x-frontdoor-event']).toBe('opened');
    const body = JSON.parse(request?.body ?? '{}');
    expect(body).toMatchObject({
      version: 1,
      type: 'incident',
      key: message.key,
      incidentId: message.incidentId,
    });
    // the receiver's side: recompute HMAC-SHA256 over "<t>.<raw body>" and compare
    const [t, v1] = String(request?.headers['x-frontdoor-signature'])
      .split(',')
      .map((part) => part.split('=')[1]);
    expect(Number(t)).toBe(Math.floor(now / 1000));
    expect(v1).toBe(createHmac('sha256', SECRET).update(`${t}.${request?.body}`).digest('hex'));
  });

  it('retries a 5xx and a 429 (with its Retry-After), gives up on other 4xx, and never says the secrets', async () => {
    receiver = await startHttpReceiver(() => ({ status: 200 }));
    receiver.failNext(1, { status: 503, body: `upstream down for /hooks/${TOKEN}` });
    receiver.failNext(1, { status: 429, headers: { 'retry-after': '30' } });
    receiver.failNext(1, { status: 401, body: `bad token ${TOKEN}` });
    const hook = channel(`${receiver.origin}/hooks/${TOKEN}`);
    const context = { attempt: 1, now: Date.now() };
    const outcomes = [
      await hook.deliver(buildNotification(), context),
      await hook.deliver(buildNotification(), context),
      await hook.deliver(buildNotification(), context),
    ];
    expect(outcomes.map((o) => !o.ok && [o.code, o.retryable])).toEqual([
      ['http_status', true],
      ['rate_limited', true],
      ['http_status', false],
    ]);
    expect(outcomes[1]).toMatchObject({ retryAfterMs: 30_000 });
    for (const outcome of outcomes) {
      expect(outcome.detail).not.toContain(TOKEN);
      expect(outcome.detail).not.toContain(SECRET);
    }
  });

  it('is bounded: a receiver that never answers is a timeout, a refused port is refused', async () => {
    const address = allocateLoopbackAddress();
    silent = createServer((socket) => held.add(socket));
    await new Promise<void>((resolve) => silent?.listen({ host: address, port: 0 }, resolve));
    const port = (silent.address() as { port: number }).port;
    const timedOut = await channel(`http://${address}:${port}/hooks/${TOKEN}`, 300).deliver(
      buildNotification(),
      {
        attempt: 1,
        now: Date.now(),
      },
    );
    expect(timedOut).toMatchObject({ ok: false, code: 'timeout', retryable: true });
    await closeSilent();
    const refused = await channel(`http://${address}:${port}/hooks/${TOKEN}`).deliver(buildNotification(), {
      attempt: 1,
      now: Date.now(),
    });
    expect(refused).toMatchObject({ ok: false, code: 'refused', retryable: true });
    expect(refused.detail).toBe(`http://${address}:${port}: request failed: ECONNREFUSED`);
  });

  it('reads at most 64 KiB of an answer', async () => {
    receiver = await startHttpReceiver(() => ({ status: 200, body: 'x'.repeat(200_000) }));
    const outcome = await channel(`${receiver.origin}/h`).deliver(buildNotification(), {
      attempt: 1,
      now: Date.now(),
    });
    expect(outcome).toMatchObject({ ok: false, code: 'too_large' });
  });
});
