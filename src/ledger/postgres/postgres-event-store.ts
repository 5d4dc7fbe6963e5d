import { Client, Pool, PoolClient, QueryResult, types as pgTypes } from 'pg';
import {
  CommitOptions,
  CommitResult,
  EventStore,
  ExpectedVersion,
  IdempotencyRecord,
  LedgerEntry,
  NewEvent,
  StoredCheckpoint,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { BatchPlan, CommitRequest, keysOf, planBatch, replayResult, StoredEntry } from '../append-plan';
import { AppendNotifier, CatchUpSubscription } from '../catch-up-subscription';
import { GroupCommitQueue } from '../group-commit';
import {
  CLAIM_SELECT,
  ClaimRow,
  claimRowsToClaims,
  ENTRY_COLUMNS,
  ENTRY_INSERT_COLUMNS,
  EntryRow,
  entryValues,
  rowToEntry,
  rowToStored,
} from '../rows';
import { POSTGRES_MIGRATIONS } from './migrations';
import { frontierOf, nodeKey, nodesOnAppend } from '../tree/merkle';
import { CheckpointRow, toCheckpoint } from '../tree/checkpoint-rows';

export interface PostgresStoreOptions {
  readonly poolSize?: number;
  /** Fallback poll for subscriptions should a NOTIFY be lost. */
  readonly pollMs?: number;
  readonly clock?: () => Date;
}

const CHANNEL = 'ledger_appended';
const SELECT = `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e LEFT JOIN ledger_private p ON p.position = e.position`;
const MIGRATION_LOCK = 7_310_001;

/** The Merkle frontier of the locked head's size, found server-side: one PK lookup per level. */
const FRONTIER_SELECT = `SELECT t.level, t.idx, t.hash
  FROM ledger_head h CROSS JOIN generate_series(0, 52) AS l(level)
  JOIN ledger_tree t ON t.level = l.level AND t.idx = (h.position >> l.level) - 1
  WHERE h.id = 1 AND ((h.position >> l.level) & 1) = 1`;

/** BIGINT columns as JS numbers: positions stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pgTypes.builtins.INT8
      ? (v: string) => Number(v)
      : pgTypes.getTypeParser(oid, format as 'text')) as typeof pgTypes.getTypeParser,
};

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

  private constructor(
    /** For the read-model store (src/projection-runner), which shares the database. */ readonly pool: Pool,
    private readonly url: string,
    options: PostgresStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 1000;
    this.writer = new GroupCommitQueue(
      (commits) => this.writeBatch(commits),
      (p) => this.notifier.advance(p),
    );
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

  /**
   * One group commit in two round trips: (1) BEGIN, lock the head, read the stream versions
   * and any stored event ids; (2) insert, move the head, notify, COMMIT. Multi-statement
   * queries take no bind parameters, so values go in as escaped literals (escapeLiteral,
   * integers checked): ids and types are pattern-checked, JSON is canonical text.
   */
  private async writeBatch(requests: readonly CommitRequest[]): Promise<BatchPlan> {
    const client = this.writeClient ?? (this.writeClient = await this.pool.connect());
    const lit = (v: string | null): string => (v === null ? 'NULL' : client.escapeLiteral(v));
    const list = (vs: string[]): string => (vs.length === 0 ? 'NULL' : vs.map(lit).join(','));
    try {
      const { streamIds, eventIds, claims: wanted } = keysOf(requests);
      const claimFilter =
        wanted.length === 0 ? 'FALSE' : wanted.map((c) => `(i.scope = ${lit(c.scope)} AND i.key = ${lit(c.key)})`).join(' OR ');
      const read = (await client.query(`BEGIN;
        SELECT position, recorded_at FROM ledger_head WHERE id = 1 FOR UPDATE;
        SELECT stream_id, max(stream_version) AS v FROM ledger_entries WHERE stream_id IN (${list(streamIds)}) GROUP BY stream_id;
        ${SELECT} WHERE e.event_id IN (${list(eventIds)});
        ${CLAIM_SELECT} WHERE ${claimFilter} ORDER BY e.position;
        ${FRONTIER_SELECT}`)) as unknown as QueryResult[];
      const tip = read[1].rows[0] as { position: number; recorded_at: string | null };
      const versions = new Map((read[2].rows as { stream_id: string; v: number }[]).map((r) => [r.stream_id, r.v]));
      const existing = new Map<string, StoredEntry>((read[3].rows as EntryRow[]).map((r) => [r.event_id, rowToStored(r)]));
      const claims = claimRowsToClaims(read[4].rows as ClaimRow[]);
      const plan = planBatch(
        requests,
        { tip: { position: tip.position, recordedAt: tip.recorded_at }, versions, existing, claims },
        this.clock(),
      );
      if (plan.rows.length === 0) {
        await client.query('COMMIT');
        return plan;
      }
      const int = (n: number): string => {
        if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
        return String(n);
      };
      const entryRows = plan.rows.map((row) => {
        const [position, streamId, streamVersion, eventId, type, schemaVersion, ...texts] = entryValues(row);
        return `(${int(position)},${lit(streamId)},${int(streamVersion)},${lit(eventId)},${lit(type)},${int(schemaVersion)},${texts.map(lit).join(',')})`;
      });
      const privateRows = plan.rows
        .filter((r) => r.privateJson !== undefined)
        .map((r) => `(${int(r.entry.position)},${lit(r.entry.privateSalt!)},${lit(r.privateJson!)})`);
      const claimRows = plan.claims.map(
        (c) => `(${lit(c.claim.scope)},${lit(c.claim.key)},${lit(c.claim.requestHash)},${int(c.firstPosition)},${int(c.lastPosition)})`,
      );
      const frontier = new Map(
        (read[5].rows as { level: number; idx: number; hash: Buffer }[]).map((r) => [nodeKey(r.level, r.idx), r.hash]),
      );
      if (frontier.size !== frontierOf(tip.position).length)
        throw new Error(`Merkle frontier of size ${tip.position} is incomplete in ledger_tree`);
      const nodes = nodesOnAppend(
        tip.position,
        frontier,
        plan.rows.map((r) => Buffer.from(r.entry.leafHash, 'base64')),
      );
      const nodeRows = nodes.map((n) => `(${n.level},${int(n.index)},'\\x${n.hash.toString('hex')}'::bytea)`);
      const head = int(plan.tip.position);
      const written = (await client.query(`
        INSERT INTO ledger_entries (${ENTRY_INSERT_COLUMNS}) VALUES ${entryRows.join(',')};
        ${privateRows.length > 0 ? `INSERT INTO ledger_private (position, salt, content) VALUES ${privateRows.join(',')};` : ''}
        ${claimRows.length > 0 ? `INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position) VALUES ${claimRows.join(',')};` : ''}
        INSERT INTO ledger_tree (level, idx, hash) VALUES ${nodeRows.join(',')};
        UPDATE ledger_head SET position = ${head}, recorded_at = ${lit(plan.tip.recordedAt)} WHERE id = 1;
        SELECT pg_notify('${CHANNEL}', '${head}');
        COMMIT`)) as unknown as QueryResult[];
      if (written[0].rowCount !== plan.rows.length) throw new Error(`inserted ${written[0].rowCount} of ${plan.rows.length} rows`);
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

  commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    return this.writer.submit(writes, options);
  }

  async findIdempotent(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const res = await this.pool.query<ClaimRow>(`${CLAIM_SELECT} WHERE i.scope = $1 AND i.key = $2 ORDER BY e.position`, [scope, key]);
    const [claim] = claimRowsToClaims(res.rows).values();
    return claim ? { requestHash: claim.requestHash, result: replayResult(claim.entries) } : null;
  }

  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<CommitResult> {
    return this.commit([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  async readStream(streamId: string, fromVersion = 1): Promise<LedgerEntry[]> {
    const res = await this.pool.query<EntryRow>(`${SELECT} WHERE e.stream_id = $1 AND e.stream_version >= $2 ORDER BY e.stream_version`, [
      streamId,
      fromVersion,
    ]);
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
    const res = await this.pool.query<{ v: number | null }>('SELECT max(stream_version) AS v FROM ledger_entries WHERE stream_id = $1', [
      streamId,
    ]);
    return res.rows[0].v ?? 0;
  }

  async readTreeNodes(keys: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>> {
    if (keys.length === 0) return new Map();
    const res = await this.pool.query<{ level: number; idx: number; hash: Buffer }>(
      'SELECT t.level, t.idx, t.hash FROM ledger_tree t JOIN unnest($1::smallint[], $2::bigint[]) AS k(level, idx) ON t.level = k.level AND t.idx = k.idx',
      [keys.map((k) => k.level), keys.map((k) => k.index)],
    );
    return new Map(res.rows.map((r) => [nodeKey(r.level, r.idx), r.hash]));
  }

  async saveCheckpoint(c: StoredCheckpoint): Promise<StoredCheckpoint> {
    await this.pool.query(
      'INSERT INTO ledger_checkpoints (size, root, note, issued_at) VALUES ($1, $2, $3, $4) ON CONFLICT (size) DO NOTHING',
      [c.size, c.root, c.note, c.issuedAt],
    );
    const res = await this.pool.query<CheckpointRow>('SELECT size, root, note, issued_at FROM ledger_checkpoints WHERE size = $1', [
      c.size,
    ]);
    return toCheckpoint(res.rows[0]);
  }

  async checkpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    const res = await this.pool.query<CheckpointRow>(
      'SELECT size, root, note, issued_at FROM ledger_checkpoints WHERE size > $1 ORDER BY size LIMIT $2',
      [afterSize, limit],
    );
    return res.rows.map(toCheckpoint);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    const res = await this.pool.query<CheckpointRow>(
      'SELECT size, root, note, issued_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1',
    );
    return res.rows[0] ? toCheckpoint(res.rows[0]) : null;
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
    await client.query(
      'CREATE TABLE IF NOT EXISTS ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM ledger_schema_migrations')).rows.map((r) => r.version),
    );
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
