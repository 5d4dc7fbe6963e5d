import { Client, Pool, PoolClient, types as pgTypes } from 'pg';
import {
  CommitResult, EventStore, ExpectedVersion, LedgerEntry, NewEvent, StreamWrite, SubscribeOptions, Subscription,
} from '../event-store.port';
import { BatchPlan, keysOf, planBatch, StoredEntry } from '../append-plan';
import { AppendNotifier, CatchUpSubscription } from '../catch-up-subscription';
import { GroupCommitQueue } from '../group-commit';
import { ENTRY_COLUMNS, ENTRY_INSERT_COLUMNS, EntryRow, entryValues, rowToEntry, rowToStored } from '../rows';
import { POSTGRES_MIGRATIONS } from './migrations';

export interface PostgresStoreOptions {
  readonly poolSize?: number;
  /** Fallback poll for subscriptions should a NOTIFY be lost. */
  readonly pollMs?: number;
  readonly clock?: () => Date;
}

const CHANNEL = 'ledger_appended';
const SELECT = `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e LEFT JOIN ledger_private p ON p.position = e.position`;
const MIGRATION_LOCK = 7_310_001;

/** BIGINT columns as JS numbers: positions stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pgTypes.builtins.INT8 ? (v: string) => Number(v) : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

const INSERT = `
  WITH ins AS (
    INSERT INTO ledger_entries (${ENTRY_INSERT_COLUMNS})
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
    RETURNING position
  ), priv AS (
    INSERT INTO ledger_private (position, salt, content)
    SELECT * FROM unnest($13::bigint[], $14::text[], $15::text[])
  ), head AS (
    UPDATE ledger_head SET position = $16, recorded_at = $17 WHERE id = 1
  )
  SELECT count(*)::int AS inserted, pg_notify('${CHANNEL}', $16::text) FROM ins`;

/**
 * PostgreSQL adapter. One writer connection per process runs group commits; every
 * transaction locks the ledger_head row before reading stream versions, so writers in
 * other processes serialise behind it and positions stay dense. Commits use the server's
 * default synchronous_commit, so an acknowledged append is durable.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly notifier = new AppendNotifier();
  private readonly writer: GroupCommitQueue;
  private writeClient: PoolClient | null = null;
  private listener: Client | null = null;
  private closed = false;
  private readonly clock: () => Date;
  private readonly pollMs: number;

  private constructor(private readonly pool: Pool, private readonly url: string, options: PostgresStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 1000;
    this.writer = new GroupCommitQueue((commits) => this.writeBatch(commits), (p) => this.notifier.advance(p));
  }

  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresEventStore> {
    const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10, types });
    pool.on('error', () => undefined); // idle-client errors surface on the next query instead
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const store = new PostgresEventStore(pool, url, options);
    await store.listen();
    return store;
  }

  /** Wakes subscriptions when any process commits. Losing it costs latency only (poll fallback). */
  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.url });
    client.on('notification', (msg) => msg.payload && this.notifier.advance(Number(msg.payload)));
    client.on('error', () => {
      this.listener = null;
      setTimeout(() => void this.listen().catch(() => undefined), this.pollMs).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.listener = client;
  }

  private async writeBatch(commits: readonly (readonly StreamWrite[])[]): Promise<BatchPlan> {
    const client = this.writeClient ?? (this.writeClient = await this.pool.connect());
    try {
      const [, tipResult] = (await client.query('BEGIN; SELECT position, recorded_at FROM ledger_head WHERE id = 1 FOR UPDATE')) as unknown as [unknown, { rows: { position: number; recorded_at: string | null }[] }];
      const tip = tipResult.rows[0];
      const { streamIds, eventIds } = keysOf(commits.flat());
      const versionRows = await client.query<{ stream_id: string; v: number }>(
        'SELECT stream_id, max(stream_version) AS v FROM ledger_entries WHERE stream_id = ANY($1) GROUP BY stream_id', [streamIds]);
      const existingRows = await client.query<EntryRow>(`${SELECT} WHERE e.event_id = ANY($1)`, [eventIds]);
      const versions = new Map(versionRows.rows.map((r) => [r.stream_id, r.v]));
      const existing = new Map<string, StoredEntry>(existingRows.rows.map((r) => [r.event_id, rowToStored(r)]));
      const plan = planBatch(commits, { tip: { position: tip.position, recordedAt: tip.recorded_at }, versions, existing }, this.clock());
      if (plan.rows.length > 0) {
        const cols: unknown[][] = Array.from({ length: 15 }, () => []);
        for (const row of plan.rows) {
          entryValues(row).forEach((v, i) => cols[i].push(v));
          if (row.privateJson !== undefined) {
            cols[12].push(row.entry.position);
            cols[13].push(row.entry.privateSalt);
            cols[14].push(row.privateJson);
          }
        }
        const res = await client.query<{ inserted: number }>(INSERT, [...cols, plan.tip.position, plan.tip.recordedAt]);
        if (res.rows[0].inserted !== plan.rows.length) throw new Error(`inserted ${res.rows[0].inserted} of ${plan.rows.length} rows`);
      }
      await client.query('COMMIT');
      return plan;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        // The connection is broken: drop it, the next batch takes a fresh one.
        client.release(true);
        this.writeClient = null;
      });
      throw error;
    }
  }

  commit(writes: readonly StreamWrite[]): Promise<CommitResult> {
    return this.writer.submit(writes);
  }

  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<CommitResult> {
    return this.commit([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  async readStream(streamId: string, fromVersion = 1): Promise<LedgerEntry[]> {
    const res = await this.pool.query<EntryRow>(`${SELECT} WHERE e.stream_id = $1 AND e.stream_version >= $2 ORDER BY e.stream_version`, [streamId, fromVersion]);
    return res.rows.map(rowToEntry);
  }

  async readAll(afterPosition: number, limit: number): Promise<LedgerEntry[]> {
    const res = await this.pool.query<EntryRow>(`${SELECT} WHERE e.position > $1 ORDER BY e.position LIMIT $2`, [afterPosition, limit]);
    return res.rows.map(rowToEntry);
  }

  subscribe(afterPosition: number, options: SubscribeOptions = {}): Subscription {
    return new CatchUpSubscription((a, l) => this.readAll(a, l), this.notifier, afterPosition, options.batchSize ?? 500, this.pollMs);
  }

  async head(): Promise<number> {
    const res = await this.pool.query<{ position: number }>('SELECT position FROM ledger_head WHERE id = 1');
    return res.rows[0].position;
  }

  async streamVersion(streamId: string): Promise<number> {
    const res = await this.pool.query<{ v: number | null }>('SELECT max(stream_version) AS v FROM ledger_entries WHERE stream_id = $1', [streamId]);
    return res.rows[0].v ?? 0;
  }

  /** For the shell's own tables and tests: a query on the store's pool. */
  query<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.pool.query<R & Record<string, unknown>>(sql, params).then((r) => r.rows);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writeClient?.release();
    this.writeClient = null;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // Several instances may start at once: one migrates, the others wait and find it done.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM ledger_schema_migrations')).rows.map((r) => r.version));
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO ledger_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
