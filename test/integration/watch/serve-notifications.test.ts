import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { generateToken, hashToken } from '../../../src/server/auth/token-hash.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import {
  FAST_RETRY,
  FAST_WATCH,
  pollUntil,
  readOutbox,
  readRounds,
  shopSite,
  startBlackHole,
  startOriginApp,
  startServe,
} from './alerting-harness.js';
import { useServeSandbox } from './serve-sandbox.js';

const nginxTool = requireTools(['nginx']);
const TOKEN = generateToken();
const auth = { authorization: `Bearer ${TOKEN}` };

/** Two hostnames of one site on origin web1 at `origin`, paged to one webhook at `hook`. */
function fleetConfig(origin: string, hook: string, watch: object = FAST_WATCH): string {
  return stringify({
    environments: { production: { alerts: 'page' } },
    origins: { web1: origin },
    sites: {
      shop: shopSite({ aliases: true, environment: 'production' }),
    },
    watch,
    alerts: {
      channels: { hook: { type: 'webhook', url: `${hook}/frontdoor` } },
      policies: { page: { channels: ['hook'], 'failure-threshold': 2, 'success-threshold': 2 } },
      retry: FAST_RETRY,
    },
    api: { tokens: [{ name: 'ops', scope: 'write', hash: hashToken(TOKEN) }] },
  });
}

/**
 * The maintenance test's interval: long enough that a page within one interval of the window's end is the
 * sweep's doing, not the next scheduled round's.
 */
const MAINTENANCE_INTERVAL_MS = 5_000;

/** The proof: the receiver stays down this long, across a kill -9 of the watch. */
const RECEIVER_DOWN_MS = 120_000;

const keysOf = (receiver: HttpReceiver) =>
  receiver.requests.map((request) => String(request.headers['idempotency-key']));

describe('frontdoor serve: notifications', () => {
  const sandbox = useServeSandbox('frontdoor-notify-');
  const { running, closers } = sandbox;

  it(
    'the receiver down for 2 minutes with a kill -9 of the watch in between: every notification arrives once by key',
    async () => {
      // The origin refuses (nothing listens there); the receiver is down from the start.
      const originAddress = allocateLoopbackAddress();
      const originPort = await findFreePort(originAddress);
      const hookAddress = allocateLoopbackAddress();
      const hookPort = await findFreePort(hookAddress);
      const config = join(sandbox.dir(), 'outage.yaml');
      await writeFile(
        config,
        fleetConfig(`${originAddress}:${originPort}`, `http://${hookAddress}:${hookPort}`),
      );
      const store = join(sandbox.dir(), 'outage.db');
      const receiverDown = Date.now();
      const first = await startServe(config, store, sandbox.dir(), running);
      await pollUntil(() => readOutbox(store).failedAttempts >= 3);

      // The app comes back while the receiver is still down: the resolution waits in the outbox too.
      const app = await startOriginApp(originAddress, originPort);
      closers.push(app);
      await pollUntil(() => new Set(readOutbox(store).rows.map((row) => row.kind)).has('resolved'));
      expect(readOutbox(store).rows.every((row) => row.state === 'pending')).toBe(true);

      // kill -9 of the watch in the middle of the outage; it comes back and keeps failing to deliver.
      expect((await first.serve.stop('SIGKILL')).signal).toBe('SIGKILL');
      const second = await startServe(config, store, sandbox.dir(), running);
      const failedBefore = readOutbox(store).failedAttempts;
      await pollUntil(() => readOutbox(store).failedAttempts >= failedBefore + 3);
      await new Promise((resolve) => setTimeout(resolve, receiverDown + RECEIVER_DOWN_MS - Date.now()));
      expect(readOutbox(store).rows.every((row) => row.state === 'pending')).toBe(true);

      // The receiver comes back but hangs on the request: the watch is killed mid-delivery as well.
      const hole = await startBlackHole(hookAddress, hookPort);
      closers.push(() => hole.close());
      await pollUntil(() => hole.seen.length >= 1);
      expect((await second.serve.stop('SIGKILL')).signal).toBe('SIGKILL');
      await hole.close();

      const hook = await startHttpReceiver(() => ({ status: 200 }), hookAddress, hookPort);
      closers.push(() => hook.close());
      const third = await startServe(config, store, sandbox.dir(), running);
      await third.serve.waitForLog(
        (line) => line.msg === 'outbox: freed the leases of the previous process; resuming',
      );
      await pollUntil(() => readOutbox(store).rows.every((row) => row.state === 'delivered'));
      const settled = readOutbox(store).batches;
      await pollUntil(() => readOutbox(store).batches >= settled + 5);

      const { rows } = readOutbox(store);
      expect(rows.map((row) => row.kind)).toEqual(['opened', 'resolved']);
      const outboxKeys = rows.map((row) => row.key);
      expect(outboxKeys).toContain(hole.seen[0]);
      // every key arrived once at the receiver that answered; the hung attempt carried a key it would drop
      expect([...keysOf(hook)].sort()).toEqual([...outboxKeys].sort());
      expect(hook.requests.every((request) => request.at >= receiverDown + RECEIVER_DOWN_MS)).toBe(true);
    },
    RECEIVER_DOWN_MS + 120_000,
  );

  it.skipIf(nginxTool.skip)(
    'holds the page of an outage inside a maintenance window and sends it once when the window ends',
    async () => {
      const originAddress = allocateLoopbackAddress();
      const originPort = await findFreePort(originAddress);
      const nginx: NginxServer = await startNginx({
        httpBlock: `server { listen ${originAddress}:${originPort}; location / { return 200 "ok\\n"; } }`,
      });
      let nginxRunning = true;
      closers.push(async () => {
        if (nginxRunning) await nginx.stop();
      });
      const hook = await startHttpReceiver(() => ({ status: 200 }));
      closers.push(() => hook.close());
      const config = join(sandbox.dir(), 'maintenance.yaml');
      await writeFile(
        config,
        fleetConfig(`${originAddress}:${originPort}`, hook.origin, {
          ...FAST_WATCH,
          interval: `${MAINTENANCE_INTERVAL_MS}ms`,
        }),
      );
      const store = join(sandbox.dir(), 'maintenance.db');
      const { url } = await startServe(config, store, sandbox.dir(), running);
      const api = async <T>(path: string): Promise<T> =>
        (await (await fetch(`${url}${path}`, { headers: auth })).json()) as T;
      const cli = (args: string[]) =>
        runBuiltCli(['maintenance', ...args, '--server', url], {
          cwd: sandbox.dir(),
          env: { FRONTDOOR_TOKEN: TOKEN },
        });

      await pollUntil(async () => {
        const { targets } = await api<{ targets: Array<{ latest: { verdict: string } | null }> }>(
          '/api/v1/targets',
        );
        return targets.length === 2 && targets.every((target) => target.latest?.verdict === 'ok');
      });
      const started = await cli(['start', '--origin', 'web1', '--for', '10m', '--reason', 'nginx upgrade']);
      expect(started.stderr).toBe('');
      expect(started.code).toBe(0);
      const id = /^started (\S+) "origin web1" until /.exec(started.stdout)?.[1] ?? '';
      expect(id).not.toBe('');

      const stopped = Date.now();
      await nginx.stop();
      nginxRunning = false;
      await pollUntil(
        async () =>
          (await api<{ incidents: unknown[] }>('/api/v1/incidents?state=open')).incidents.length === 1,
      );
      // Probes keep running inside the window: two more scheduled rounds of each target fail, unsent.
      const opened = Date.now();
      await pollUntil(() => {
        const failing = readRounds(store).filter(
          (round) => round.reason === 'scheduled' && round.atMs > opened && round.verdict !== 'ok',
        );
        return failing.length >= 4;
      }, 4 * MAINTENANCE_INTERVAL_MS);
      expect(readRounds(store).filter((round) => round.atMs > stopped && round.verdict === 'ok')).toEqual([]);
      expect(hook.requests).toEqual([]);
      expect(readOutbox(store).rows).toEqual([]);
      const listed = await cli(['list', '--active']);
      expect(listed.stdout).toContain(id);

      const ending = Date.now();
      const ended = await cli(['end', id]);
      expect(ended.code).toBe(0);
      await pollUntil(() => hook.requests.length >= 1);
      const after = readOutbox(store).batches;
      await pollUntil(() => readOutbox(store).batches >= after + 10);

      expect(hook.requests.map((request) => request.headers['x-frontdoor-event'])).toEqual(['opened']);
      const paged = hook.requests[0]?.at ?? 0;
      expect(paged).toBeGreaterThanOrEqual(ending);
      expect(paged - ending).toBeLessThan(MAINTENANCE_INTERVAL_MS);
      // The end's sweep: a burst of 5 to each target in scope, stored before the page went out.
      const sweeps = readRounds(store).filter((round) => round.reason === 'sweep');
      expect(sweeps.map((round) => round.targetId).sort()).toEqual([
        'shop:shop.example.test/health@web1',
        'shop:www.example.test/health@web1',
      ]);
      for (const sweep of sweeps) {
        expect(sweep.atMs).toBeGreaterThanOrEqual(ending);
        expect(sweep.atMs).toBeLessThanOrEqual(paged);
        expect(sweep.requests).toBe(5);
        expect(sweep.verdict).toBe('connect_refused');
      }
      const [incident] = (await api<{ incidents: Array<{ id: string }> }>('/api/v1/incidents?state=open'))
        .incidents;
      const detail = await api<{
        maintenance: Array<{ id: string }>;
        notifications: Array<{ kind: string }>;
      }>(`/api/v1/incidents/${incident?.id}`);
      expect(detail.maintenance.map((window) => window.id)).toEqual([id]);
      expect(detail.notifications.map((notification) => notification.kind)).toEqual(['opened']);
    },
    120_000,
  );
});
