import type { Db } from 'mongodb';
import type { Columns } from '../projection-store.port';
import { columnField } from './bson-rows';
import type { MongoCheckpoints, PendingSwap } from './mongo-checkpoints';

const NAMESPACE_NOT_FOUND = 26;
const NAMESPACE_EXISTS = 48;
const NOT_IMPLEMENTED = 238;

export const codeOf = (error: unknown): number | undefined => (error as { code?: number }).code;

/**
 * The column indexes the query routes filter and sort on; idempotent. One command per index: FerretDB 1.24
 * panics on a createIndexes that names two or more indexes the collection already has (its check removes
 * them from a list that shrinks, by their places in the original; handler/msg_createindexes.go) and closes
 * the connection. A service killed after making a read model's indexes, before storing its state, made
 * the restarted one fail to start that way.
 */
export async function createIndexes(db: Db, collection: string, columns: Columns): Promise<void> {
  for (const f of Object.keys(columns).map(columnField)) await db.collection(collection).createIndex({ [f]: 1 }, { name: f });
}

export async function createCollection(db: Db, collection: string): Promise<void> {
  await db.createCollection(collection).catch((error: unknown) => {
    if (codeOf(error) !== NAMESPACE_EXISTS) throw error;
  });
}

export async function dropCollection(db: Db, collection: string): Promise<void> {
  await db.dropCollection(collection).catch((error: unknown) => {
    if (codeOf(error) !== NAMESPACE_NOT_FOUND) throw error;
  });
}

/** Renames the build into place and points the state at it; safe to repeat after a crash at any step. */
export async function finishSwap(db: Db, checkpoints: MongoCheckpoints, name: string, swap: PendingSwap): Promise<void> {
  const present = await db.listCollections({ name: swap.build }, { nameOnly: true }).toArray();
  if (present.some((c) => c.name === swap.build)) {
    try {
      await db.renameCollection(swap.build, name, { dropTarget: true });
    } catch (error) {
      // FerretDB 1.24 has no dropTarget: drop, then rename (readers find no rows in between).
      if (codeOf(error) !== NOT_IMPLEMENTED) throw error;
      await dropCollection(db, name);
      await db.renameCollection(swap.build, name);
    }
  }
  await checkpoints.states.updateOne(
    { _id: name, 'swapping.build': swap.build },
    {
      $set: {
        version: swap.version,
        table: swap.table,
        position: swap.position,
        status: 'running',
        failedPosition: null,
        error: null,
        swapping: null,
      },
    },
  );
  await checkpoints.builds.deleteOne({ _id: name, table: swap.build });
}
