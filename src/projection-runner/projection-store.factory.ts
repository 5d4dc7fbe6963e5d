import type { EventStore } from '../ledger/event-store.port';
import { SqliteEventStore } from '../ledger/sqlite/sqlite-event-store';
import { PostgresEventStore } from '../ledger/postgres/postgres-event-store';
import type { ReadModelLocation } from '../config/read-model-url';
import type { ProjectionStore } from './projection-store.port';
import { SqliteProjectionStore } from './sqlite-projection-store';
import { PostgresProjectionStore } from './postgres-projection-store';
import { MongoProjectionStore } from './mongo/mongo-projection-store';

/**
 * Read models live in the ledger's own database (the adapter decides which store), unless READ_MODEL_URL
 * puts them in MongoDB. The caller closes the store it gets (a MongoDB store holds its own client).
 */
export function projectionStoreFor(adapter: EventStore, readModels?: ReadModelLocation): ProjectionStore {
  if (readModels) return new MongoProjectionStore(readModels.url, readModels.database);
  if (adapter instanceof SqliteEventStore) return new SqliteProjectionStore(adapter.db);
  if (adapter instanceof PostgresEventStore) return new PostgresProjectionStore(adapter.pool);
  throw new Error(`no read-model store for a ${adapter.kind} ledger`);
}
