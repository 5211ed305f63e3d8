import { describe, expect, it } from 'vitest';
import type { HostEvent } from '../incidents/host-event.js';
import { createEventSender } from './event-sender.js';
import type { PostJson, PostOutcome } from './post-json.js';

function packageEvent(sequence: number, name = `package-${sequence}`): HostEvent {
  return {
    type: 'package_changed',
    origin: 'web1',
    sequence,
    observedAt: '2026-11-23T06:12:00.000Z',
    package: name,
    action: 'upgrade',
    loggedAt: '2026-11-23T06:11:00.000Z',
    source: 'apt',
    actor: 'unattended-upgrades',
  };
}

/** A store of `count` pending events, and a scripted server that records what it was sent. */
function setup(count: number, answer: (events: HostEvent[], call: number) => PostOutcome) {
  let pending = Array.from({ length: count }, (_, i) => packageEvent(i + 1));
  const requests: { events: HostEvent[]; authorization: string }[] = [];
  const log: string[] = [];
  const post: PostJson = async (_url, body, options) => {
    const events = (JSON.parse(body) as { events: HostEvent[] }).events;
    requests.push({ events, authorization: options.token });
    return answer(events, requests.length);
  };
  const sender = createEventSender({
    eventsUrl: new URL('https://watch.example.com/api/v1/events'),
    token: 'fdt_secret',
    store: {
      pending: () => pending,
      acknowledge: async (through) => {
        pending = pending.filter((e) => e.sequence > through);
      },
    },
    post,
    timeoutMs: 1000,
    now: () => Date.UTC(2026, 10, 23, 6, 12),
    log: (line) => log.push(line),
  });
  return { sender, requests, log, pending: () => pending };
}

const accepted: PostOutcome = { ok: true, status: 200, body: '{"accepted":100}' };
const sequences = (events: HostEvent[]) => events.map((e) => e.sequence);

describe('createEventSender', () => {
  it('sends the spool in order, at most 100 events a request, each batch acknowledged before the next', async () => {
    const { sender, requests, pending } = setup(250, () => accepted);
    expect(await sender.sendPending()).toEqual({ kind: 'drained' });
    expect(requests.map((r) => r.events.length)).toEqual([100, 100, 50]);
    expect(requests.flatMap((r) => sequences(r.events))).toEqual(
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
    expect(requests[0]?.authorization).toBe('fdt_secret');
    expect(pending()).toEqual([]);
  });

  it('keeps everything when the server is away, and says so once, without the token', async () => {
    const { sender, log, pending } = setup(3, () => ({ ok: false, code: 'refused', detail: 'ECONNREFUSED' }));
    expect(await sender.sendPending()).toEqual({ kind: 'failed' });
    expect(await sender.sendPending()).toEqual({ kind: 'failed' });
    expect(pending()).toHaveLength(3);
    expect(log).toEqual([
      'cannot deliver to https://watch.example.com: refused (ECONNREFUSED); 3 events spooled, retrying',
    ]);
    expect(log.join('\n')).not.toContain('fdt_secret');
  });

  it('says when delivery works again', async () => {
    const { sender, log } = setup(2, (_events, call) =>
      call === 1 ? { ok: true, status: 503, body: 'restarting' } : accepted,
    );
    expect(await sender.sendPending()).toEqual({ kind: 'failed' });
    expect(await sender.sendPending()).toEqual({ kind: 'drained' });
    expect(log).toEqual([
      'cannot deliver to https://watch.example.com: 503: restarting; 2 events spooled, retrying',
      'delivering again after 1 failed attempts (503: restarting)',
    ]);
  });

  it('retries a refused token (it can be fixed without losing events) and names the likely cause', async () => {
    const { sender, log, pending } = setup(1, () => ({ ok: true, status: 403, body: '' }));
    expect(await sender.sendPending()).toEqual({ kind: 'failed' });
    expect(pending()).toHaveLength(1);
    expect(log[0]).toContain('403: the token was refused (an agent token of origin web1?)');
  });

  it("honours the server's Retry-After", async () => {
    const { sender } = setup(1, () => ({ ok: true, status: 429, body: 'slow down', retryAfter: '7' }));
    expect(await sender.sendPending()).toEqual({ kind: 'failed', retryAfterMs: 7000 });
  });

  it('isolates an event the server refuses: that batch goes one by one, the bad one is dropped, the rest delivered', async () => {
    const { sender, requests, log, pending } = setup(5, (events) =>
      events.some((e) => e.sequence === 3)
        ? { ok: true, status: 400, body: 'events[2].package: too long' }
        : accepted,
    );
    expect(await sender.sendPending()).toEqual({ kind: 'drained' });
    expect(requests.map((r) => sequences(r.events))).toEqual([[1, 2, 3, 4, 5], [1], [2], [3], [4], [5]]);
    expect(log).toEqual([
      'the server refused event 3 (package_changed) with 400: events[2].package: too long; dropped it',
    ]);
    expect(pending()).toEqual([]);
  });
});
