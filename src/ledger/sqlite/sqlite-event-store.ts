import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
import { BatchPlan, CommitRequest, keysOf, planBatch, replayResult, StoredClaim, StoredEntry } from '../append-plan';
import { AppendNotifier, CatchUpSubscription } from '../catch-up-subscription';
import { GroupCommitQueue } from '../group-commit';
import {
  CLAIM_SELECT,
  ClaimRow,
  claimRowsToClaims,
  ENTRY_SELECT,
  STORED_SELECT,
  StoredRow,
  ENTRY_INSERT_COLUMNS,
  EntryRow,
  entryValues,
  rowToEntry,
  rowToStored,
} from '../rows';
import { migrateSqlite } from './migrations';
import { asPromise } from './as-promise';
import { truncateWal } from './wal';
import { SQLITE_CACHE_KIB } from './page-cache';
import { nodeKey } from '../tree/merkle';
import { SqliteTreeNodes } from './tree-nodes';
import { CheckpointRow, toCheckpoint } from '../tree/checkpoint-rows';

export interface SqliteStoreOptions {
  /** How often a subscription looks for entries written by other processes. */
  readonly pollMs?: number;
  readonly clock?: () => Date;
}

/**
 * The embedded default: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged append has been
 * fsynced. SQLite admits one writer at a time (BEGIN IMMEDIATE), which keeps positions dense across processes too.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly notifier = new AppendNotifier();
  private readonly writer: GroupCommitQueue;
  private readonly clock: () => Date;
  private readonly pollMs: number;
  private readonly stmts;
  private readonly tree: SqliteTreeNodes;
  /** An erasure committed whose WAL could not yet be truncated (a reader held it): retried after each commit. */
  private walToTruncate = false;

  private constructor(
    readonly db: Database.Database,
    options: SqliteStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 200;
    this.tree = new SqliteTreeNodes(db);
    this.stmts = {
      tip: db.prepare('SELECT position, recorded_at FROM ledger_entries ORDER BY position DESC LIMIT 1'),
      version: db.prepare('SELECT max(stream_version) AS v FROM ledger_entries WHERE stream_id = ?').pluck(),
      eventStored: db.prepare('SELECT 1 FROM ledger_entries WHERE event_id = ?').pluck(),
      byEventId: db.prepare(`${STORED_SELECT} WHERE e.event_id = ?`),
      insert: db.prepare(`INSERT INTO ledger_entries (${ENTRY_INSERT_COLUMNS}, tree_nodes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      insertPrivate: db.prepare('INSERT INTO ledger_private (position, salt, content) VALUES (?,?,?)'),
      erasePrivate: db.prepare('DELETE FROM ledger_private WHERE position = ?'),
      readStream: db.prepare(`${ENTRY_SELECT} WHERE e.stream_id = ? AND e.stream_version >= ? ORDER BY e.stream_version`),
      readAll: db.prepare(`${ENTRY_SELECT} WHERE e.position > ? ORDER BY e.position LIMIT ?`),
      head: db.prepare('SELECT coalesce(max(position), 0) FROM ledger_entries').pluck(),
      claim: db.prepare(`${CLAIM_SELECT} WHERE i.scope = ? AND i.key = ? ORDER BY e.position`),
      insertCheckpoint: db.prepare(
        'INSERT INTO ledger_checkpoints (size, root, note, issued_at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING',
      ),
      checkpointAt: db.prepare('SELECT size, root, note, issued_at FROM ledger_checkpoints WHERE size = ?'),
      checkpointsAfter: db.prepare('SELECT size, root, note, issued_at FROM ledger_checkpoints WHERE size > ? ORDER BY size LIMIT ?'),
      latestCheckpoint: db.prepare('SELECT size, root, note, issued_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1'),
      insertClaim: db.prepare(
        'INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position) VALUES (?,?,?,?,?)',
      ),
    };
    const write = db.transaction((requests: readonly CommitRequest[]) => this.writeBatch(requests));
    this.writer = new GroupCommitQueue(
      (requests) =>
        asPromise(() => {
          let plan: BatchPlan | undefined;
          try {
            plan = write.immediate(requests);
          } finally {
            // Only a committed batch may move the cached frontier (a rolled-back one must not).
            this.tree.settle(plan !== undefined);
          }
          if (plan.erased.length > 0 || this.walToTruncate) this.walToTruncate = !truncateWal(this.db);
          return plan;
        }),
      (p) => this.notifier.advance(p),
    );
  }

  static open(file: string, options: SqliteStoreOptions = {}): SqliteEventStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    // Deleted content is overwritten with zeros, in its page and in freed pages: no erased private part stays (PIPL art. 47).
    db.pragma('secure_delete = ON');
    // A bounded page cache (page-cache.ts): the process's memory levels off however large the file grows.
    db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    migrateSqlite(db);
    return new SqliteEventStore(db, options);
  }

  private writeBatch(requests: readonly CommitRequest[]): BatchPlan {
    const { streamIds, eventIds, claims: wanted } = keysOf(requests);
    const tipRow = this.stmts.tip.get() as { position: number; recorded_at: string } | undefined;
    const versions = new Map<string, number>();
    for (const s of streamIds) versions.set(s, (this.stmts.version.get(s) as number | null) ?? 0);
    const existing = new Map<string, StoredEntry>();
    // Almost every event is new: a bare key lookup says so without the wide select and its join.
    for (const id of eventIds)
      if (this.stmts.eventStored.get(id) !== undefined) existing.set(id, rowToStored(this.stmts.byEventId.get(id) as StoredRow));
    const claims = new Map<string, StoredClaim>();
    for (const c of wanted) for (const [k, v] of this.readClaim(c.scope, c.key)) claims.set(k, v);
    const plan = planBatch(
      requests,
      {
        tip: { position: tipRow?.position ?? 0, recordedAt: tipRow?.recorded_at ?? null },
        versions,
        existing,
        claims,
      },
      this.clock(),
    );
    // The Merkle nodes each entry's leaf completes go into its own row (tree-nodes.ts).
    const nodes = plan.rows.length > 0 ? this.tree.nodesFor(tipRow?.position ?? 0, plan) : [];
    for (const [i, row] of plan.rows.entries()) {
      this.stmts.insert.run(...entryValues(row), nodes[i]);
      if (row.privateJson !== undefined) this.stmts.insertPrivate.run(row.entry.position, row.entry.privateSalt!, row.privateJson);
    }
    for (const position of plan.erased) this.stmts.erasePrivate.run(position);
    for (const c of plan.claims)
      this.stmts.insertClaim.run(c.claim.scope, c.claim.key, c.claim.requestHash, c.firstPosition, c.lastPosition);
    return plan;
  }

  readTreeNodes(keys: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>> {
    return asPromise(() => {
      const out = new Map<string, Buffer>();
      for (const { level, index } of keys) {
        const hash = this.tree.get(level, index);
        if (hash) out.set(nodeKey(level, index), hash);
      }
      return out;
    });
  }

  saveCheckpoint(c: StoredCheckpoint): Promise<StoredCheckpoint> {
    return asPromise(() => {
      this.stmts.insertCheckpoint.run(c.size, c.root, c.note, c.issuedAt);
      return toCheckpoint(this.stmts.checkpointAt.get(c.size) as CheckpointRow);
    });
  }

  checkpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    return asPromise(() => (this.stmts.checkpointsAfter.all(afterSize, limit) as CheckpointRow[]).map(toCheckpoint));
  }

  latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return asPromise(() => {
      const row = this.stmts.latestCheckpoint.get() as CheckpointRow | undefined;
      return row ? toCheckpoint(row) : null;
    });
  }

  private readClaim(scope: string, key: string): Map<string, StoredClaim> {
    return claimRowsToClaims(this.stmts.claim.all(scope, key) as ClaimRow[]);
  }

  commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    return this.writer.submit(writes, options);
  }

  findIdempotent(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return asPromise(() => {
      const [claim] = this.readClaim(scope, key).values();
      return claim ? { requestHash: claim.requestHash, result: replayResult(claim.entries) } : null;
    });
  }

  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<CommitResult> {
    return this.commit([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  readStream(streamId: string, fromVersion = 1): Promise<LedgerEntry[]> {
    return asPromise(() => (this.stmts.readStream.all(streamId, fromVersion) as EntryRow[]).map(rowToEntry));
  }

  readAll(afterPosition: number, limit: number): Promise<LedgerEntry[]> {
    return asPromise(() => (this.stmts.readAll.all(afterPosition, limit) as EntryRow[]).map(rowToEntry));
  }

  subscribe(afterPosition: number, options: SubscribeOptions = {}): Subscription {
    return new CatchUpSubscription((a, l) => this.readAll(a, l), this.notifier, afterPosition, options.batchSize ?? 500, this.pollMs);
  }

  head(): Promise<number> {
    return asPromise(() => this.stmts.head.get() as number);
  }

  streamVersion(streamId: string): Promise<number> {
    return asPromise(() => (this.stmts.version.get(streamId) as number | null) ?? 0);
  }

  close(): Promise<void> {
    return asPromise(() => {
      if (this.db.open) this.db.close();
    });
  }
}
