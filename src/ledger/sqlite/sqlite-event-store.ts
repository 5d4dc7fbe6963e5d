import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CommitResult, EventStore, ExpectedVersion, LedgerEntry, NewEvent, StreamWrite, SubscribeOptions, Subscription,
} from '../event-store.port';
import { BatchPlan, keysOf, planBatch, StoredEntry } from '../append-plan';
import { AppendNotifier, CatchUpSubscription } from '../catch-up-subscription';
import { GroupCommitQueue } from '../group-commit';
import { ENTRY_COLUMNS, ENTRY_INSERT_COLUMNS, EntryRow, entryValues, rowToEntry, rowToStored } from '../rows';
import { SQLITE_MIGRATIONS } from './migrations';

export interface SqliteStoreOptions {
  /** How often a subscription looks for entries written by other processes. */
  readonly pollMs?: number;
  readonly clock?: () => Date;
}

const SELECT = `SELECT ${ENTRY_COLUMNS} FROM ledger_entries e LEFT JOIN ledger_private p ON p.position = e.position`;

/**
 * The embedded default: one SQLite file in WAL mode with synchronous=FULL, so an
 * acknowledged append has been fsynced. SQLite admits one writer at a time (BEGIN
 * IMMEDIATE), which is what keeps positions dense across processes too.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly notifier = new AppendNotifier();
  private readonly writer: GroupCommitQueue;
  private readonly clock: () => Date;
  private readonly pollMs: number;
  private readonly stmts;

  private constructor(readonly db: Database.Database, options: SqliteStoreOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.pollMs = options.pollMs ?? 200;
    this.stmts = {
      tip: db.prepare('SELECT position, recorded_at FROM ledger_entries ORDER BY position DESC LIMIT 1'),
      version: db.prepare('SELECT max(stream_version) AS v FROM ledger_entries WHERE stream_id = ?').pluck(),
      byEventId: db.prepare(`${SELECT} WHERE e.event_id = ?`),
      insert: db.prepare(`INSERT INTO ledger_entries (${ENTRY_INSERT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`),
      insertPrivate: db.prepare('INSERT INTO ledger_private (position, salt, content) VALUES (?,?,?)'),
      readStream: db.prepare(`${SELECT} WHERE e.stream_id = ? AND e.stream_version >= ? ORDER BY e.stream_version`),
      readAll: db.prepare(`${SELECT} WHERE e.position > ? ORDER BY e.position LIMIT ?`),
      head: db.prepare('SELECT coalesce(max(position), 0) FROM ledger_entries').pluck(),
    };
    const write = db.transaction((commits: readonly (readonly StreamWrite[])[]) => this.writeBatch(commits));
    this.writer = new GroupCommitQueue(async (commits) => write.immediate(commits), (p) => this.notifier.advance(p));
  }

  static open(file: string, options: SqliteStoreOptions = {}): SqliteEventStore {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteEventStore(db, options);
  }

  private writeBatch(commits: readonly (readonly StreamWrite[])[]): BatchPlan {
    const { streamIds, eventIds } = keysOf(commits.flat());
    const tipRow = this.stmts.tip.get() as { position: number; recorded_at: string } | undefined;
    const versions = new Map<string, number>();
    for (const s of streamIds) versions.set(s, (this.stmts.version.get(s) as number | null) ?? 0);
    const existing = new Map<string, StoredEntry>();
    for (const id of eventIds) {
      const row = this.stmts.byEventId.get(id) as EntryRow | undefined;
      if (row) existing.set(id, rowToStored(row));
    }
    const plan = planBatch(commits, {
      tip: { position: tipRow?.position ?? 0, recordedAt: tipRow?.recorded_at ?? null }, versions, existing,
    }, this.clock());
    for (const row of plan.rows) {
      this.stmts.insert.run(...entryValues(row));
      if (row.privateJson !== undefined) this.stmts.insertPrivate.run(row.entry.position, row.entry.privateSalt!, row.privateJson);
    }
    return plan;
  }

  commit(writes: readonly StreamWrite[]): Promise<CommitResult> {
    return this.writer.submit(writes);
  }

  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<CommitResult> {
    return this.commit([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  async readStream(streamId: string, fromVersion = 1): Promise<LedgerEntry[]> {
    return (this.stmts.readStream.all(streamId, fromVersion) as EntryRow[]).map(rowToEntry);
  }

  async readAll(afterPosition: number, limit: number): Promise<LedgerEntry[]> {
    return (this.stmts.readAll.all(afterPosition, limit) as EntryRow[]).map(rowToEntry);
  }

  subscribe(afterPosition: number, options: SubscribeOptions = {}): Subscription {
    return new CatchUpSubscription((a, l) => this.readAll(a, l), this.notifier, afterPosition, options.batchSize ?? 500, this.pollMs);
  }

  async head(): Promise<number> {
    return this.stmts.head.get() as number;
  }

  async streamVersion(streamId: string): Promise<number> {
    return (this.stmts.version.get(streamId) as number | null) ?? 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const apply = db.transaction(() => {
    const applied = new Set(db.prepare('SELECT version FROM ledger_schema_migrations').pluck().all() as number[]);
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO ledger_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }
  });
  apply.immediate();
}
