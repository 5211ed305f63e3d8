import type { Selectable } from 'kysely';
import type { Store } from './store.js';
import type { TargetsTable } from './store-tables.js';

/** A target the store has recorded (configured now or before), or undefined. */
export function findStoredTarget(store: Store, id: string): Promise<Selectable<TargetsTable> | undefined> {
  return store.exclusive((db) =>
    db.selectFrom('targets').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}
