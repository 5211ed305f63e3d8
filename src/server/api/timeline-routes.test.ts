import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiToken } from '../../config/api-config.js';
import type { DeployMark } from '../../incidents/deploy-mark.js';
import type { DeployInput, HostEventsInput } from '../../incidents/engine-input.js';
import { type HostEvent, hostEventSchema } from '../../incidents/host-event.js';
import { useTempStores } from '../../store/store-test-fixtures.test-helper.js';
import { apiAuth } from '../auth/auth-hook.js';
import { generateToken, hashToken } from '../auth/token-hash.js';
import type { DaemonView } from './daemon-view.js';
import { timelineRoutes } from './timeline-routes.js';
import type { RateLimit } from './token-bucket.js';

const web1 = generateToken();
const web2 = generateToken();
const ci = generateToken();
const reader = generateToken();
const TOKENS: ApiToken[] = [
  { name: 'web1-agent', scope: 'agent', origin: 'web1', hash: hashToken(web1) },
  { name: 'web2-agent', scope: 'agent', origin: 'web2', hash: hashToken(web2) },
  { name: 'ci', scope: 'deploy', hash: hashToken(ci) },
  { name: 'grafana', scope: 'read', hash: hashToken(reader) },
];
const NOW = Date.parse('2026-11-23T07:00:00.000Z');

function event(origin: string, sequence: number, observedAt: string): HostEvent {
  return hostEventSchema.parse({
    type: 'socket_disappeared',
    origin,
    sequence,
    observedAt,
    listener: '443',
    expectedOwner: 'nginx',
    previous: [{ pid: 2001, name: 'nginx' }],
  });
}

const at = (minute: number) => new Date(NOW - (60 - minute) * 60_000).toISOString();

const MARK: DeployMark = {
  version: '3f2c1ab',
  result: 'failed',
  reasons: ['shop.example.com via web1: 3 of 40 requests failed during the deploy, longest gap 600 ms'],
  mode: 'during',
  startedAt: at(30),
  endedAt: at(31),
  interrupted: false,
  origins: ['web1', 'web2'],
  targetCount: 1,
  failedCount: 1,
  targets: [
    {
      id: 'shop:shop.example.com/health@web1',
      target: 'shop.example.com via web1',
      via: 'web1',
      origin: 'web1',
      verdict: 'ok',
      gap: { sent: 40, failed: 3, longestGapMs: 600, gapStartedAt: at(30) },
    },
  ],
  targetsTruncated: false,
};

describe('the change timeline routes', () => {
  const openStore = useTempStores();
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function serve(rateLimit: RateLimit = { burst: 100, perSecond: 10 }) {
    const { store } = await openStore();
    const stored: Array<HostEventsInput | DeployInput> = [];
    let now = NOW;
    const view = {
      now: () => now,
      store,
      tokens: () => TOKENS,
      changesStored: (input: HostEventsInput | DeployInput) => stored.push(input),
    } as unknown as DaemonView;
    const server = Fastify();
    app = server;
    await server.register(apiAuth, { tokens: TOKENS, listen: { host: '127.0.0.1' } });
    await server.register(timelineRoutes, { view, rateLimit });
    await server.ready();
    const post = (url: string, token: string | undefined, body: unknown, raw?: string) =>
      server.inject({
        method: 'POST',
        url,
        remoteAddress: '127.0.0.1',
        headers: {
          'content-type': 'application/json',
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
        payload: raw ?? JSON.stringify(body),
      });
    const get = (url: string, token: string | undefined = reader) =>
      server.inject({
        url,
        remoteAddress: '127.0.0.1',
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
    return { post, get, stored, advance: (ms: number) => (now += ms) };
  }

  it('stores an agent’s events once by (origin, sequence): a resend answers 2xx and stores nothing new', async () => {
    const { post, get, stored } = await serve();
    const events = [1, 2, 3].map((n) => event('web1', 100 + n, at(n)));
    const first = await post('/api/v1/events', web1, { events });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ accepted: 3, duplicates: 0 });
    const resend = await post('/api/v1/events', web1, { events });
    expect([resend.statusCode, resend.json()]).toEqual([200, { accepted: 0, duplicates: 3 }]);
    const overlap = await post('/api/v1/events', web1, {
      events: [...events.slice(1), event('web1', 104, at(4))],
    });
    expect(overlap.json()).toEqual({ accepted: 1, duplicates: 2 });
    // The engine hears each event once, with the watch's time.
    expect(
      stored.map((input) => input.type === 'host_events' && input.events.map((e) => e.sequence)),
    ).toEqual([[101, 102, 103], [104]]);
    expect(stored[0]).toMatchObject({ type: 'host_events', origin: 'web1', at: new Date(NOW).toISOString() });
    const timeline = (await get('/api/v1/events?origin=web1')).json();
    expect(timeline.events.map((entry: { event: HostEvent }) => entry.event.sequence)).toEqual([
      101, 102, 103, 104,
    ]);
    expect(timeline.events[0]).toMatchObject({
      kind: 'host',
      at: at(1),
      source: 'web1-agent',
      line: 'nothing listens on 443 any more (was nginx (pid 2001))',
    });
    expect(timeline.next).toBeNull();
  });

  it('refuses with 403 a token of web1 posting for web2, naming neither the token nor its secret', async () => {
    const { post, get, stored } = await serve();
    const refused = await post('/api/v1/events', web1, { events: [event('web2', 1, at(1))] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe("this token may not send events for origin 'web2'");
    expect(refused.body).not.toContain('web1-agent');
    expect(refused.body).not.toContain(web1);
    expect(stored).toEqual([]);
    expect((await get('/api/v1/events')).json().events).toEqual([]);
    expect((await post('/api/v1/events', web2, { events: [event('web2', 1, at(1))] })).statusCode).toBe(200);
  });

  it('takes each post only from its scope', async () => {
    const { post, get } = await serve();
    const events = { events: [event('web1', 1, at(1))] };
    expect((await post('/api/v1/events', undefined, events)).statusCode).toBe(401);
    expect((await post('/api/v1/events', ci, events)).statusCode).toBe(403);
    expect((await post('/api/v1/events', reader, events)).statusCode).toBe(403);
    expect((await post('/api/v1/deploys', web1, MARK)).statusCode).toBe(403);
    expect((await get('/api/v1/events', web1)).statusCode).toBe(403);
  });

  it('refuses a body that is not the contract, saying where, and one over 1 MiB', async () => {
    const { post } = await serve();
    const backwards = await post('/api/v1/events', web1, {
      events: [event('web1', 2, at(1)), event('web1', 1, at(2))],
    });
    expect([backwards.statusCode, backwards.json().message]).toEqual([
      400,
      'events[1].sequence: sequences must increase within a batch',
    ]);
    expect((await post('/api/v1/events', web1, undefined, '{"events": [')).statusCode).toBe(400);
    expect((await post('/api/v1/deploys', ci, { ...MARK, result: 'green' })).json().message).toMatch(
      /^result: /,
    );
    const huge = await post(
      '/api/v1/events',
      web1,
      undefined,
      `{"events":[],"pad":"${'x'.repeat(1024 * 1024)}"}`,
    );
    expect(huge.statusCode).toBe(413);
  });

  it('limits each token’s rate with a token bucket: 429 and Retry-After, then in again', async () => {
    const { post, advance } = await serve({ burst: 2, perSecond: 0.5 });
    const send = (token: string, n: number) =>
      post('/api/v1/events', token, { events: [event(token === web1 ? 'web1' : 'web2', n, at(1))] });
    expect((await send(web1, 1)).statusCode).toBe(200);
    expect((await send(web1, 2)).statusCode).toBe(200);
    const limited = await send(web1, 3);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('2');
    expect((await send(web2, 1)).statusCode).toBe(200);
    advance(2_000);
    expect((await send(web1, 3)).statusCode).toBe(200);
  });

  it('puts a deploy mark on the timeline of each origin it touched, beside the events, in time order', async () => {
    const { post, get, stored } = await serve();
    await post('/api/v1/events', web1, { events: [event('web1', 1, at(20)), event('web1', 2, at(40))] });
    const created = await post('/api/v1/deploys', ci, MARK);
    expect(created.statusCode).toBe(201);
    expect(stored.at(-1)).toMatchObject({ type: 'deploy', id: String(created.json().id), mark: MARK });
    const timeline = (await get('/api/v1/events?origin=web1&since=2h')).json();
    expect(timeline.events.map((entry: { kind: string }) => entry.kind)).toEqual(['host', 'deploy', 'host']);
    expect(timeline.events[1]).toMatchObject({
      kind: 'deploy',
      at: at(30),
      source: 'ci',
      mark: { version: '3f2c1ab', targets: [{ gap: { longestGapMs: 600 } }] },
      line: 'deploy 3f2c1ab failed its gate on web1, web2: 1 of 1 targets failed, longest gap 600 ms',
    });
    const web3 = (await get('/api/v1/events?origin=web3')).json();
    expect(web3.events).toEqual([]);
  });

  it('pages through a range with a cursor and refuses bad parameters', async () => {
    const { post, get } = await serve();
    await post('/api/v1/events', web1, { events: [1, 2, 3, 4, 5].map((n) => event('web1', n, at(n * 5))) });
    const seen: number[] = [];
    let url = '/api/v1/events?since=2026-11-23T06:00:00Z&limit=2';
    for (;;) {
      const page = (await get(url)).json();
      seen.push(...page.events.map((entry: { event: HostEvent }) => entry.event.sequence));
      if (page.next === null) break;
      url = `/api/v1/events?since=2026-11-23T06:00:00Z&limit=2&after=${page.next}`;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const middle = (await get(`/api/v1/events?since=${at(9)}&until=${at(21)}`)).json();
    expect(middle.events.map((entry: { event: HostEvent }) => entry.event.sequence)).toEqual([2, 3, 4]);
    for (const bad of ['limit=0', 'limit=5000', 'after=nope', 'since=yesterday', 'since=1h&until=2h']) {
      expect((await get(`/api/v1/events?${bad}`)).statusCode, bad).toBe(400);
    }
  });
});
