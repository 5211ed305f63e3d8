import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { DaemonView } from './daemon-view.js';

/** How long /readyz waits for the store to answer before calling it unreachable. */
const STORE_PING_MS = 2_000;

export interface ReadyCheck {
  ok: boolean;
  detail: string;
}

/**
 * `GET /healthz`: the process answers (for a supervisor's liveness check). `GET /readyz`: 200 when the
 * store answers and takes writes and the scheduler starts rounds on time, else 503 with what is wrong.
 * Both are open to anyone who can reach the port: they say nothing about the fleet.
 */
export const healthRoutes: FastifyPluginAsync<{ view: DaemonView }> = async (app, { view }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const store = await checkStore(view);
    const scheduler = checkScheduler(view);
    const ready = store.ok && scheduler.ok;
    return reply.code(ready ? 200 : 503).send({ ready, checks: { store, scheduler } });
  });
};

async function checkStore(view: DaemonView): Promise<ReadyCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${STORE_PING_MS} ms`), STORE_PING_MS);
  });
  const ping = view.store
    .exclusive(async (db) => {
      await sql`SELECT 1`.execute(db);
      return undefined;
    })
    .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  const failure = await Promise.race([ping, timeout]);
  clearTimeout(timer);
  if (failure !== undefined) return { ok: false, detail: `unreachable: ${failure}` };
  const writer = view.writer.status();
  if (writer.degraded) {
    return {
      ok: false,
      detail: `degraded: ${writer.reason ?? 'writes are late'}; ${writer.queuedRounds} rounds wait in memory, ${writer.droppedRounds} dropped`,
    };
  }
  return { ok: true, detail: `${view.store.description}: writing` };
}

function checkScheduler(view: DaemonView): ReadyCheck {
  const status = view.watch.status();
  if (!status.running) return { ok: false, detail: 'not running' };
  if (!status.onTime) {
    return { ok: false, detail: `behind: a due round has waited ${Math.round(status.waitingLagMs)} ms` };
  }
  return { ok: true, detail: `on time: lag p99 ${status.lag.p99Ms.toFixed(1)} ms over the last minute` };
}
