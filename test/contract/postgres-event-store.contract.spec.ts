import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { POSTGRES_MIGRATIONS } from '../../src/ledger/postgres/migrations';
import { createTestDatabase, describePostgres } from '../support/postgres-server';
import { eventStoreContract, HarnessOptions, StoreHarness } from './event-store.contract';
import { withClient } from '../support/postgres-client';

async function openPostgres(options: HarnessOptions = {}): Promise<StoreHarness> {
  const url = await createTestDatabase('contract');
  const store = await PostgresEventStore.open(url, { clock: options.clock, pollMs: 100 });
  const others: PostgresEventStore[] = [];
  const exec = async (sql: string): Promise<void> => void (await withClient(url, (c) => c.query(sql)));
  return {
    store,
    openSecond: async () => {
      const s = await PostgresEventStore.open(url, { pollMs: 100 });
      others.push(s);
      return s;
    },
    exec,
    refuseEntriesContaining: (marker) =>
      exec(`
      CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF position('${marker}' in NEW.data) > 0 THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION test_refuse();`),
    close: async () => {
      for (const s of others) await s.close();
      await store.close();
    },
  };
}

describePostgres('event store contract', () => {
  eventStoreContract(openPostgres);

  it('refuses TRUNCATE of the ledger', async () => {
    const h = await openPostgres();
    try {
      await expect(h.exec('TRUNCATE ledger_entries CASCADE')).rejects.toThrow(/append-only/);
    } finally {
      await h.close();
    }
  });

  it('migrates once when several instances start together', async () => {
    const url = await createTestDatabase('migrate');
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresEventStore.open(url)));
    try {
      const rows = await stores[0].query<{ version: number }>('SELECT version FROM ledger_schema_migrations');
      expect(rows.map((r) => r.version).sort((a, b) => a - b)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
