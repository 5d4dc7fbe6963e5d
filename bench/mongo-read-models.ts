import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SqliteEventStore } from '../src/ledger/sqlite/sqlite-event-store';
import { MongoProjectionStore } from '../src/projection-runner/mongo/mongo-projection-store';
import { ProjectionRunner } from '../src/projection-runner/projection-runner';
import { parseReadModelUrl } from '../src/config/read-model-url';
import { loadConfig } from '../src/config/config';
import { createApp } from '../src/app.factory';
import { EVENT_STORE } from '../src/shared/di-tokens';
import type { EventStore } from '../src/ledger/event-store.port';
import { PROJECTIONS } from '../projections';
import { mongoServerUrl, stopFerretDb, testReadModelUrl } from '../test/support/ferretdb-server';
import { benchCreditLookups, fillLifecycle } from './read-models.bench';
import { measurement, type Measurement } from './stats';

/** Where the MongoDB figures come from: BENCH_MONGODB_URL (a real MongoDB), else FerretDB built from test/servers/ferretdb. */
function server(): string {
  return process.env.BENCH_MONGODB_URL ? 'MongoDB' : 'FerretDB 1.24.2/SQLite';
}

/**
 * The read models in MongoDB (READ_MODEL_URL) beside a SQLite ledger: every projection rebuilt over a ledger
 * shaped like real use (fillLifecycle), then GET /v1/credit/contractors/:uscc from 50 clients in a separate
 * process, as for the two SQL stores.
 */
export async function benchMongoReadModels(entries: number): Promise<Measurement[]> {
  if (process.env.BENCH_MONGODB_URL) process.env.MONGODB_URL = process.env.BENCH_MONGODB_URL;
  await mongoServerUrl();
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-mongo-'));
  const results: Measurement[] = [];
  try {
    const databaseUrl = `sqlite://${join(dir, 'ledger.db')}`;
    const readModelUrl = await testReadModelUrl('bench');
    const store = SqliteEventStore.open(join(dir, 'ledger.db'));
    const location = parseReadModelUrl(readModelUrl)!;
    const rows = new MongoProjectionStore(location.url, location.database);
    try {
      await fillLifecycle(store, entries);
      const head = await store.head();
      const started = process.hrtime.bigint();
      await new ProjectionRunner(store, rows, PROJECTIONS).rebuildAll(PROJECTIONS.map((p) => p.name));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      results.push(
        measurement(`rebuild all ${PROJECTIONS.length} projections over ${head.toLocaleString('en')} entries (${server()})`, head, seconds),
      );
    } finally {
      await rows.close();
      await store.close();
    }
    const key = 'bench-credit-platform-key';
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      READ_MODEL_URL: readModelUrl,
      LEDGER_API_KEYS: JSON.stringify([{ key, role: 'credit-platform' }]),
      LEDGER_DATA_DIR: dir,
    });
    const app = await createApp(config, pino({ level: 'silent' }));
    await app.listen(0, '127.0.0.1');
    try {
      const events = app.get<EventStore>(EVENT_STORE);
      if (!(await app.get(ProjectionRunner).waitFor(['credit_records'], await events.head(), 120_000)))
        throw new Error('read models did not catch up');
      results.push(await benchCreditLookups(app, key, 2000, 20_000));
    } finally {
      await app.close();
    }
  } finally {
    await stopFerretDb();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
