import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log/logger.js';
import { createLeaseKeeper, type LeaseKeeper } from './lease-keeper.js';
import type { Store } from './store.js';
import { claimLease, releaseLease } from './store-lease.js';

/** A store whose every call fails while `cut` is set: a node cut off from the database. */
function cuttable(store: Store): { store: Store; cut(value: boolean): void } {
  let cut = false;
  return {
    store: {
      ...store,
      exclusive: (work) => (cut ? Promise.reject(new Error('ECONNRESET')) : store.exclusive(work)),
    },
    cut: (value) => {
      cut = value;
    },
  };
}

/**
 * The engine lease on a real database, for each dialect: the unit tests run it on SQLite, the integration
 * tests on PostgreSQL. `openStore` gives a fresh store each call.
 */
export function describeLeaseContract(dialect: string, openStore: () => Promise<{ store: Store }>): void {
  describe(`the engine lease (${dialect})`, () => {
    it('is granted to one holder at a time, with a new epoch at each change of holder', async () => {
      const { store } = await openStore();
      const first = await claimLease(store, 'engine', 'ams', 300);
      expect(first).toMatchObject({ held: true, holder: 'ams', epoch: 1 });
      expect(first.expiresMs - first.nowMs).toBe(300);
      expect(await claimLease(store, 'engine', 'fra', 300)).toMatchObject({
        held: false,
        holder: 'ams',
        epoch: 1,
      });
      expect(await claimLease(store, 'engine', 'ams', 300)).toMatchObject({ held: true, epoch: 1 });
      await sleep(350);
      expect(await claimLease(store, 'engine', 'fra', 300)).toMatchObject({
        held: true,
        holder: 'fra',
        epoch: 2,
      });
      await releaseLease(store, 'engine', 'ams');
      expect(await claimLease(store, 'engine', 'ams', 300)).toMatchObject({ held: false, holder: 'fra' });
      await releaseLease(store, 'engine', 'fra');
      expect(await claimLease(store, 'engine', 'ams', 300)).toMatchObject({
        held: true,
        holder: 'ams',
        epoch: 3,
      });
    });

    it("fences the old holder's writes once another node has taken over", async () => {
      const { store } = await openStore();
      const keepers: LeaseKeeper[] = [];
      const keep = (owner: string, target: Store) => {
        const keeper = createLeaseKeeper({
          store: target,
          name: 'engine',
          owner,
          ttlMs: 400,
          renewMs: 50,
          logger: createMemoryLogger(),
          now: Date.now,
        });
        keepers.push(keeper);
        keeper.start();
        return keeper;
      };
      try {
        const link = cuttable(store);
        const ams = keep('ams', link.store);
        await expect.poll(() => ams.held(), { timeout: 5_000 }).toBe(true);
        const fra = keep('fra', store);
        await sleep(150);
        expect(fra.held()).toBe(false);
        await store.exclusive((db) => db.transaction().execute((trx) => ams.fence(trx)));

        // ams loses the database: it stops counting itself holder before fra can take over
        link.cut(true);
        let both = 0;
        const watchBoth = setInterval(() => {
          if (ams.held() && fra.held()) both += 1;
        }, 5);
        await expect.poll(() => fra.held(), { timeout: 5_000 }).toBe(true);
        clearInterval(watchBoth);
        expect(both).toBe(0);
        expect(ams.status()).toMatchObject({ held: false, epoch: 1 });
        expect(fra.status()).toMatchObject({ held: true, holder: 'fra', epoch: 2 });

        // ams comes back believing nothing, and its write under epoch 1 is refused in the transaction
        link.cut(false);
        const refused = await store
          .exclusive((db) => db.transaction().execute((trx) => ams.fence(trx)))
          .catch((error: unknown) => error);
        expect(refused).toMatchObject({ code: 'FD_ERR_LEASE_LOST' });
        await store.exclusive((db) => db.transaction().execute((trx) => fra.fence(trx)));

        // a clean stop gives the lease up at once: ams takes it within a renewal or two
        await fra.stop();
        await expect.poll(() => ams.held(), { timeout: 2_000 }).toBe(true);
        expect(ams.status().epoch).toBe(3);
      } finally {
        for (const keeper of keepers) await keeper.stop();
      }
    });
  });
}
