import type { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { PostgresCosignatureStore } from './postgres/postgres-cosignatures';
import { SqliteCosignatureStore } from './sqlite/sqlite-cosignatures';
import type { CosignatureStore } from './tree/cosignature-store.port';

/** Cosignatures live beside the checkpoints, in the ledger's own database. */
export function cosignatureStoreFor(adapter: EventStore): CosignatureStore {
  if (adapter instanceof SqliteEventStore) return new SqliteCosignatureStore(adapter.db);
  if (adapter instanceof PostgresEventStore) return new PostgresCosignatureStore(adapter.pool);
  throw new Error(`no cosignature store for a ${adapter.kind} ledger`);
}
