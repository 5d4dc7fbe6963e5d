import type { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import type { StoreLocation } from '../config/database-url';

export async function openStore(location: StoreLocation): Promise<EventStore> {
  return location.kind === 'sqlite' ? SqliteEventStore.open(location.file) : PostgresEventStore.open(location.url);
}
