import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/ledger/sqlite/sqlite-event-store';
import { eventStoreContract, HarnessOptions, StoreHarness } from './event-store.contract';

function openSqlite(options: HarnessOptions = {}): Promise<StoreHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
  const file = join(dir, 'ledger.db');
  const store = SqliteEventStore.open(file, { clock: options.clock, pollMs: 50 });
  const others: SqliteEventStore[] = [];
  // better-sqlite3 is synchronous: the harness's promises are settled before they are returned.
  return Promise.resolve({
    store,
    openSecond: () => {
      const s = SqliteEventStore.open(file, { pollMs: 50 });
      others.push(s);
      return Promise.resolve(s);
    },
    exec: (sql) => {
      try {
        store.db.exec(sql);
        return Promise.resolve();
      } catch (error) {
        // better-sqlite3's native addon keeps the SqliteError class of the first test file
        // that loaded it in this worker, which is not an Error of this file's realm.
        return Promise.reject(new Error((error as Error).message));
      }
    },
    refuseEntriesContaining: (marker) => {
      store.db.exec(`CREATE TRIGGER test_refuse BEFORE INSERT ON ledger_entries WHEN instr(NEW.data, '${marker}') > 0
        BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END;`);
      return Promise.resolve();
    },
    close: async () => {
      for (const s of others) await s.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

describe('event store contract [sqlite]', () => {
  eventStoreContract(openSqlite);

  it('opens the file in WAL mode with synchronous=FULL, and secure_delete (erased content is zeroed)', async () => {
    const h = await openSqlite();
    try {
      const db = (h.store as SqliteEventStore).db;
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    } finally {
      await h.close();
    }
  });
});
