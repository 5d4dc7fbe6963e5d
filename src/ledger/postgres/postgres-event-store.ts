import { Client, DatabaseError, Notification, Pool, PoolClient, TypeOverrides, types as pgTypes } from 'pg';
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
import { BatchPlan, CommitRequest, replayResult } from '../append-plan';
import { tryFastAppend, WriterTip } from './fast-append';
import { AppendNotifier, CatchUpSubscription } from '../catch-up-subscription';
import { GroupCommitQueue } from '../group-commit';
import { CLAIM_SELECT, ClaimRow, claimRowsToClaims, ENTRY_SELECT, EntryRow, rowToEntry } from '../rows';
import { APPEND_CHANNEL, migratePostgres } from './migrations';
import { readPlanWrite, storedNodes, TreeNodeRow } from './batch-sql';
import { nodeHashSql } from './tree-sql';
import { lastLeaf } from '../tree/merkle';
import { CheckpointRow, toCheckpoint } from '../tree/checkpoint-rows';

export interface PostgresStoreOptions {
  readonly poolSize?: number;
  /** Fallback poll for subscriptions should a NOTIFY be lost. */
  readonly pollMs?: number;
  readonly clock?: () => Date;
}

/** How long close() waits for a commit in flight. */
const CLOSE_GRACE_MS = 10_000;

/** BIGINT columns as JS numbers: positions stay far below 2^53. */
const types = new TypeOverrides();
types.setTypeParser(pgTypes.builtins.INT8, 'text', Number);

/**
 * PostgreSQL adapter. One writer connection per process runs group commits (and listens for other processes'); an append
 * goes in at the next position only while the entry before it is stored and the primary key finds that position free
 * (migration 10), so positions stay dense and commit in order across processes, and a writer that reads before it plans
 * holds the append lock exclusively until COMMIT. Commits use the server's default synchronous_commit, so an
 * acknowledged append is durable.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly notifier = new AppendNotifier();
  private readonly writer: GroupCommitQueue;
  private writeClient: PoolClient | null = null;
  /** The head, Merkle frontier and stream versions this writer's last commits left, planned on by the next (fast-append.ts). */
  private tip: WriterTip | null = null;
  private listener: Client | null = null;
  private closed = false;
  /** An erasure committed but its VACUUM failed: retried after the next commit. */
  private vacuumPending = false;
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
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const store = new PostgresEventStore(pool, url, options);
    try {
      await store.listen();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Wakes subscriptions when any process commits. Losing it costs latency only (poll fallback). The writer's connection
   * listens once this process has one (writeConnection); until then, and while it is being replaced after it was lost,
   * a connection of its own does.
   */
  private async listen(): Promise<void> {
    if (this.closed || this.listener || this.writeClient) return;
    const client = new Client({ connectionString: this.url });
    client.on('notification', this.onNotification);
    client.on('error', () => {
      if (this.listener !== client) return;
      this.listener = null;
      this.relisten();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // The writer's connection may have come (or the store closed) while this one connected.
    if (this.closed || this.listener || this.writeClient) return void client.end().catch(() => undefined);
    this.listener = client;
  }

  /** listen() after pollMs, and again every pollMs while it fails; it stops by itself once it is not needed. */
  private relisten(): void {
    setTimeout(() => void this.listen().catch(() => this.relisten()), this.pollMs).unref();
  }

  private readonly onNotification = (msg: Notification): void => {
    if (msg.channel === APPEND_CHANNEL && msg.payload) this.notifier.advance(Number(msg.payload));
  };

  /**
   * The writer's connection, taken once and kept. It listens too: PostgreSQL delivers a session's own NOTIFY in the reply
   * to its commit, where a separate listening connection costs another backend a wake-up and this process another read
   * per append (about 30 µs of a sequential append, issue 18). The separate listener then ends.
   */
  private async writeConnection(): Promise<PoolClient> {
    if (this.writeClient) return this.writeClient;
    if (this.closed) throw new Error('the event store is closed');
    const client = await this.pool.connect();
    let kept = false;
    // A checked-out connection that is lost (a server restart, a terminated backend) emits 'error': unheard, it would end
    // the process. Before it is kept, the failed LISTEN below answers for it.
    client.on('error', () => {
      if (kept) this.dropWriteClient(client);
    });
    try {
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
      // close() may have come meanwhile: its pool.end() waits for this connection.
      if (this.closed) throw new Error('the event store is closed');
    } catch (error) {
      client.release(true);
      throw error;
    }
    client.on('notification', this.onNotification);
    kept = true;
    this.writeClient = client;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    return client;
  }

  /**
   * One group commit: in one round trip when the writer's last commit is still the head (fast-append.ts),
   * else in two (batch-sql.ts), the append lock held exclusively from the first to COMMIT.
   */
  private async writeBatch(requests: readonly CommitRequest[]): Promise<BatchPlan> {
    if (this.closed) throw new Error('the event store is closed');
    const client = await this.writeConnection();
    const tip = this.tip;
    // Until this batch commits, nobody may plan on the old tip (a failure leaves the head unknown).
    this.tip = null;
    // One reading of the clock per batch, taken only when a plan is made (either path).
    let now: Date | undefined;
    const clock = (): Date => (now ??= this.clock());
    try {
      const fast = tip && (await tryFastAppend(client, requests, tip, clock));
      if (fast) return await this.committed(client, fast.plan, fast.tip);
    } catch (error) {
      // A refusal by the server leaves the connection usable; anything else may not have.
      if (!(error instanceof DatabaseError)) this.dropWriteClient(client);
      throw error;
    }
    try {
      const read = await readPlanWrite(client, requests, clock());
      return await this.committed(client, read.plan, read.tip);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => this.dropWriteClient(client));
      throw error;
    }
  }

  private async committed(client: PoolClient, plan: BatchPlan, tip: WriterTip): Promise<BatchPlan> {
    // Unless the connection was lost meanwhile, which took the tip with it (dropWriteClient).
    if (this.writeClient === client) this.tip = tip;
    if (plan.erased.length > 0 || this.vacuumPending) await this.vacuumPrivate(client);
    return plan;
  }

  /**
   * The connection is broken: drop it, the next batch takes a fresh one; meanwhile a connection of its own listens. The
   * tip goes too: the next connection may reach another server (a failover to a replica that lacks this writer's last
   * commits, and others may have written there since), where the same position can hold other entries, so the first
   * batch on it reads the head under the lock before it plans.
   */
  private dropWriteClient(client: PoolClient): void {
    if (this.writeClient !== client) return;
    this.writeClient = null;
    this.tip = null;
    client.off('notification', this.onNotification);
    client.release(true);
    void this.listen().catch(() => this.relisten());
  }

  /**
   * After an erasure has committed (outside any transaction): a DELETE only marks the rows dead, and a plain
   * VACUUM leaves their bytes in the free space of pages that keep live rows, so VACUUM FULL rewrites
   * ledger_private and its TOAST into new files without them (an exclusive lock on that table meanwhile).
   * It keeps rows an older snapshot may still see, and it may fail (the erasure stands either way): then it
   * runs again after the next commit. What PostgreSQL keeps after it (WAL, backups): README "Erasure of personal data".
   */
  private async vacuumPrivate(client: PoolClient): Promise<void> {
    try {
      await client.query('VACUUM (FULL) ledger_private');
      this.vacuumPending = false;
    } catch {
      this.vacuumPending = true;
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
    const res = await this.pool.query<EntryRow>(
      `${ENTRY_SELECT} WHERE e.stream_id = $1 AND e.stream_version >= $2 ORDER BY e.stream_version`,
      [streamId, fromVersion],
    );
    return res.rows.map(rowToEntry);
  }

  async readAll(afterPosition: number, limit: number): Promise<LedgerEntry[]> {
    // Named: parsed and planned once per connection, as the global read and every subscription page it.
    const text = `${ENTRY_SELECT} WHERE e.position > $1 ORDER BY e.position LIMIT $2`;
    const res = await this.pool.query<EntryRow>({ name: 'ledger-read-all', text, values: [afterPosition, limit] });
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
    // A node whose entry would lie past 2^53 is in no ledger: leaving it out keeps the 64-bit shift below from wrapping.
    const wanted = keys.filter((k) => k.level >= 0 && k.index >= 0 && Number.isSafeInteger(lastLeaf(k.level, k.index) + 1));
    if (wanted.length === 0) return new Map();
    const res = await this.pool.query<TreeNodeRow>(
      `SELECT k.level, k.idx, ${nodeHashSql('k.level', 'k.idx', 'e')} AS hash
         FROM unnest($1::smallint[], $2::bigint[]) AS k(level, idx) JOIN ledger_entries e ON e.position = (k.idx + 1) << k.level`,
      [wanted.map((k) => k.level), wanted.map((k) => k.index)],
    );
    return storedNodes(res.rows);
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
    // A commit in flight finishes and its callers get their answer, for up to CLOSE_GRACE_MS; appends still waiting
    // for a batch are refused (writeBatch). Past the grace, the connection goes as before and its batch fails.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([this.writer.idle(), new Promise((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(grace);
    // Destroyed, not returned to the pool: it listens.
    this.writeClient?.release(true);
    this.writeClient = null;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}
