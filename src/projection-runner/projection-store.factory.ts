import type { EventStore } from '../ledger/event-store.port';
import { SqliteEventStore } from '../ledger/sqlite/sqlite-event-store';
import { PostgresEventStore } from '../ledger/postgres/postgres-event-store';
import type { ProjectionStore } from './projection-store.port';
import { SqliteProjectionStore } from './sqlite-projection-store';
import { PostgresProjectionStore } from './postgres-projection-store';

/** Read models live in the ledger's own database: the adapter decides which store. */
export function projectionStoreFor(adapter: EventStore): ProjectionStore {
  if (adapter instanceof SqliteEventStore) return new SqliteProjectionStore(adapter.db);
  if (adapter instanceof PostgresEventStore) return new PostgresProjectionStore(adapter.pool);
  throw new Error(`no read-model store for a ${adapter.kind} ledger`);
}
