import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import { FAST_RETRY, FAST_WATCH, pollUntil, shopSite, startServe } from './alerting-harness.js';
import { useServeSandbox } from './serve-sandbox.js';

const READ_TOKEN = generateToken();
const read = { authorization: `Bearer ${READ_TOKEN}` };
/** The pager's bearer token, only in the environment: the configuration names it as ${FD_TEST_HOOK_TOKEN}. */
const HOOK_TOKEN = 'hookBearerFromTheEnv0123';

describe('frontdoor serve: dead letters', () => {
  const sandbox = useServeSandbox('frontdoor-dead-');
  const { running, closers } = sandbox;

  it("dead-letters what a channel refuses for good: counted in /metrics, listed by the API, announced on the policy's other channel", async () => {
    // The pager refuses every post (a revoked token) and echoes the Authorization header it got back.
    const pager = await startHttpReceiver((request) => ({
      status: 400,
      body: `unknown token ${String(request.headers.authorization)}`,
    }));
    const chat = await startHttpReceiver(() => ({ status: 200 }));
    closers.push(
      () => pager.close(),
      () => chat.close(),
    );
    const originAddress = allocateLoopbackAddress();
    const config = join(sandbox.dir(), 'dead.yaml');
    await writeFile(
      config,
      stringify({
        origins: { web1: `${originAddress}:${await findFreePort(originAddress)}` },
        sites: {
          shop: shopSite(),
        },
        watch: FAST_WATCH,
        alerts: {
          channels: {
            pager: {
              type: 'webhook',
              url: `${pager.origin}/events`,
              // biome-ignore lint/suspicious/noTemplateCurlyInString: the configuration's ${VAR} reference, verbatim
              headers: { Authorization: 'Bearer ${FD_TEST_HOOK_TOKEN}' },
            },
            chat: { type: 'webhook', url: `${chat.origin}/chat` },
          },
          policies: { page: { channels: ['pager', 'chat'], 'failure-threshold': 2 } },
          retry: FAST_RETRY,
        },
        api: { tokens: [{ name: 'dashboard', scope: 'read', hash: hashToken(READ_TOKEN) }] },
      }),
    );
    const store = join(sandbox.dir(), 'dead.db');
    const { serve, url } = await startServe(config, store, sandbox.dir(), running, {
      FD_TEST_HOOK_TOKEN: HOOK_TOKEN,
    });

    await pollUntil(() =>
      chat.requests.some((request) => request.headers['x-frontdoor-event'] === 'channel_failed'),
    );
    const events = chat.requests.map((request) => request.headers['x-frontdoor-event']);
    expect([...events].sort()).toEqual(['channel_failed', 'opened']);
    const announcement = chat.requests.find(
      (request) => request.headers['x-frontdoor-event'] === 'channel_failed',
    );
    const notice = JSON.parse(announcement?.body ?? '{}') as Record<string, unknown>;
    expect(notice).toMatchObject({ type: 'channel_failed', channel: 'pager', policy: 'page' });
    expect(pager.requests).toHaveLength(1);

    const dead = (await (await fetch(`${url}/api/v1/deliveries?state=dead`, { headers: read })).json()) as {
      deliveries: Array<{
        channel: string;
        kind: string;
        state: string;
        lastError: string | null;
        deliveries: Array<{ result: string; status: number | null; detail: string }>;
      }>;
    };
    expect(dead.deliveries.map((row) => [row.channel, row.kind, row.state])).toEqual([
      ['pager', 'opened', 'dead'],
    ]);
    expect(dead.deliveries[0]?.deliveries.map((attempt) => [attempt.result, attempt.status])).toEqual([
      ['dead_lettered', 400],
    ]);
    const metrics = await (await fetch(`${url}/metrics`, { headers: read })).text();
    expect(metrics).toContain('frontdoor_notifications_total{channel="pager",result="dead_lettered"} 1');
    expect(metrics).toMatch(/^frontdoor_outbox_pending 0$/m);

    const seen = [JSON.stringify(serve.logs), serve.stderr(), JSON.stringify(dead), metrics].join('\n');
    expect(seen).not.toContain(HOOK_TOKEN);
  });
});
