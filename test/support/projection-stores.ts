import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../src/ledger/event-store.port';
import { SqliteEventStore } from '../../src/ledger/sqlite/sqlite-event-store';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import type { ProjectionStore } from '../../src/projection-runner/projection-store.port';
import { SqliteProjectionStore } from '../../src/projection-runner/sqlite-projection-store';
import { PostgresProjectionStore } from '../../src/projection-runner/postgres-projection-store';
import { createTestDatabase } from './postgres-server';
import { MongoProjectionStore } from '../../src/projection-runner/mongo/mongo-projection-store';
import { parseReadModelUrl } from '../../src/config/read-model-url';
import { testReadModelUrl } from './ferretdb';

export interface LedgerWithReadModels {
  readonly events: EventStore;
  readonly rows: ProjectionStore;
  /** A second handle on the same database, as a restarted process would have. */
  reopen(): Promise<{ events: EventStore; rows: ProjectionStore; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** Where the read models are: the ledger's SQLite or PostgreSQL database, or MongoDB beside a SQLite ledger. */
export type ReadModelStoreKind = 'sqlite' | 'postgres' | 'mongodb';

export async function openLedger(kind: ReadModelStoreKind): Promise<LedgerWithReadModels> {
  if (kind === 'sqlite' || kind === 'mongodb') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-proj-'));
    const file = join(dir, 'ledger.db');
    const mongo = kind === 'mongodb' ? parseReadModelUrl(await testReadModelUrl('projections')) : undefined;
    const open = () => {
      const events = SqliteEventStore.open(file, { pollMs: 20 });
      const rows = mongo ? new MongoProjectionStore(mongo.url, mongo.database) : new SqliteProjectionStore(events.db);
      return {
        events,
        rows,
        close: async () => {
          await rows.close();
          await events.close();
        },
      };
    };
    const first = open();
    return {
      ...first,
      reopen: () => Promise.resolve(open()),
      close: async () => {
        await first.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = await createTestDatabase('projections');
  const open = async () => {
    const events = await PostgresEventStore.open(url, { pollMs: 50 });
    return { events, rows: new PostgresProjectionStore(events.pool), close: () => events.close() };
  };
  const first = await open();
  return { ...first, reopen: open, close: first.close };
}
