import { afterEach, describe, expect, it } from 'vitest';
import { buildAlerts } from '../../config/alerts-config.js';
import { type HttpReceiver, startHttpReceiver } from '../../lab/http-receiver.js';
import { createMemoryLogger } from '../../log/logger.js';
import { rowsForNotification } from '../../notify/outbox-rows.js';
import { contractNotification } from '../../notify/outbox-store-contract.test-helper.js';
import { countPendingOutbox, createSqlOutboxStore } from '../../store/sql-outbox-store.js';
import { useTempStores } from '../../store/store-test-fixtures.test-helper.js';
import { type Notifier, startNotifier } from './start-notifier.js';

/** The outbox lease every sender takes on a row it claims: far longer than these tests wait. */
const OUTBOX_LEASE_MS = 120_000;

describe('the notifier inside serve', () => {
  const openStore = useTempStores();
  const running: Notifier[] = [];
  let hook: HttpReceiver | undefined;
  afterEach(async () => {
    for (const notifier of running.splice(0)) await notifier.stop(1_000);
    await hook?.close();
  });

  /** A page for the webhook, claimed by the sender of `holder` (a node killed mid-delivery). */
  async function claimedBy(holder: string) {
    const { store } = await openStore();
    hook = await startHttpReceiver(() => ({ status: 200 }));
    const outbox = createSqlOutboxStore(store);
    await outbox.enqueue(rowsForNotification(contractNotification(1, ['hook']), Date.now()));
    expect(await outbox.claimDue(Date.now(), holder, OUTBOX_LEASE_MS, 1)).toHaveLength(1);
    return store;
  }

  async function start(store: Awaited<ReturnType<typeof claimedBy>>, takeOver: boolean): Promise<void> {
    running.push(
      await startNotifier({
        store,
        alerts: buildAlerts({ channels: { hook: { type: 'webhook', url: `${hook?.origin}/frontdoor` } } }),
        now: Date.now,
        logger: createMemoryLogger(),
        ownerPrefix: 'host-b/fra#',
        pid: 200,
        takeOver,
        countNotification: () => undefined,
      }),
    );
  }

  it('on taking the engine lease over, sends at once what the dead former holder had claimed', async () => {
    const store = await claimedBy('host-a/ams#100');
    await start(store, true);
    await expect.poll(() => hook?.requests.length, { timeout: 5_000 }).toBe(1);
    expect(hook?.requests[0]?.headers['idempotency-key']).toBe('inc-1#1');
    await expect.poll(() => countPendingOutbox(store)).toBe(0);
  });

  it("on a start of its own, leaves another node's claims to their lease", async () => {
    const store = await claimedBy('host-a/ams#100');
    await start(store, false);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(hook?.requests).toEqual([]);
    expect(await countPendingOutbox(store)).toBe(1);
  });
});
