import type Database from 'better-sqlite3';
import {
  Columns,
  ProjectionBuild,
  ProjectionState,
  ProjectionStore,
  RowChange,
  RowFor,
  RowQuery,
  tableName,
} from './projection-store.port';
import { columnValues, createIndexSql, createTableSql, selectSql, upsertSql } from './row-sql';
import { ServedTables } from './served-tables';

const ph = (): string => '?';

interface StateRow {
  name: string;
  version: number;
  tbl: string;
  generation: number;
  position: number;
  status: string;
  failed_position: number | null;
  error: string | null;
}

const toState = (r: StateRow): ProjectionState => ({
  name: r.name,
  version: r.version,
  table: r.tbl,
  position: r.position,
  status: r.status as ProjectionState['status'],
  failedPosition: r.failed_position,
  error: r.error,
});

/** Read models in the embedded SQLite file, on the event store's own connection. */
export class SqliteProjectionStore implements ProjectionStore {
  /** Prepared once per SQL text: preparing costs more than running a primary-key read. */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly served = new ServedTables(
    async (name) => this.tableOf(name),
    // By message, not instanceof: an error made by the native module may come from another realm (jest's VM).
    (error) => /no such table/.test(String((error as { message?: unknown } | null)?.message)),
  );

  constructor(private readonly db: Database.Database) {}

  private prepared(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      // Texts name generation tables, which rebuilds replace: keep the cache bounded.
      if (this.statements.size >= 512) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async states(): Promise<ProjectionState[]> {
    return (this.db.prepare('SELECT * FROM projection_state ORDER BY name').all() as StateRow[]).map(toState);
  }

  async state(name: string): Promise<ProjectionState | null> {
    const r = this.db.prepare('SELECT * FROM projection_state WHERE name = ?').get(name) as StateRow | undefined;
    return r ? toState(r) : null;
  }

  async register(name: string, version: number, columns: Columns): Promise<ProjectionState> {
    return this.db
      .transaction(() => {
        const existing = this.db.prepare('SELECT * FROM projection_state WHERE name = ?').get(name) as StateRow | undefined;
        if (existing) return toState(existing);
        const table = tableName(name, 1);
        for (const sql of createTableSql(table, columns, 'INTEGER')) this.db.exec(sql);
        this.db
          .prepare("INSERT INTO projection_state (name, version, tbl, generation, position, status) VALUES (?, ?, ?, 1, 0, 'running')")
          .run(name, version, table);
        return toState(this.db.prepare('SELECT * FROM projection_state WHERE name = ?').get(name) as StateRow);
      })
      .immediate();
  }

  async loadRows(table: string, keys: readonly string[]): Promise<Map<string, object>> {
    const out = new Map<string, object>();
    const stmt = this.prepared(`SELECT doc FROM ${table} WHERE key = ?`).pluck();
    for (const key of keys) {
      const doc = stmt.get(key) as string | undefined;
      if (doc !== undefined) out.set(key, JSON.parse(doc));
    }
    return out;
  }

  private writeRows(table: string, changes: readonly RowChange[], columns: Columns): void {
    const upsert = this.prepared(upsertSql(table, columns, ph));
    const remove = this.prepared(`DELETE FROM ${table} WHERE key = ?`);
    for (const c of changes) {
      if (c.row === null) remove.run(c.key);
      else upsert.run(c.key, JSON.stringify(c.row), ...columnValues(c.row, columns));
    }
  }

  async commitBatch(
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    return this.db
      .transaction(() => {
        const moved = this.db
          .prepare(
            "UPDATE projection_state SET position = ?, status = 'running', failed_position = NULL, error = NULL WHERE name = ? AND tbl = ? AND position = ?",
          )
          .run(to, name, table, from);
        if (moved.changes !== 1) return false;
        this.writeRows(table, changes, columns);
        return true;
      })
      .immediate();
  }

  async markFailed(name: string, table: string, position: number, error: string): Promise<void> {
    this.db
      .prepare("UPDATE projection_state SET status = 'failed', failed_position = ?, error = ? WHERE name = ? AND tbl = ?")
      .run(position, error, name, table);
  }

  async startBuild(name: string, version: number, columns: Columns): Promise<ProjectionBuild> {
    return this.db
      .transaction(() => {
        const existing = this.db.prepare('SELECT * FROM projection_builds WHERE name = ?').get(name) as
          { name: string; version: number; tbl: string; position: number } | undefined;
        if (existing && existing.version === version) return { name, version, table: existing.tbl, position: existing.position };
        if (existing) this.db.exec(`DROP TABLE IF EXISTS ${existing.tbl}`);
        const state = this.db.prepare('SELECT * FROM projection_state WHERE name = ?').get(name) as StateRow;
        const generation = state.generation + 1;
        const table = tableName(name, generation);
        this.db.exec(`DROP TABLE IF EXISTS ${table}`);
        for (const sql of createTableSql(table, columns, 'INTEGER', false)) this.db.exec(sql);
        this.db.prepare('UPDATE projection_state SET generation = ? WHERE name = ?').run(generation, name);
        this.db
          .prepare('INSERT OR REPLACE INTO projection_builds (name, version, tbl, position) VALUES (?, ?, ?, 0)')
          .run(name, version, table);
        return { name, version, table, position: 0 };
      })
      .immediate();
  }

  async build(name: string): Promise<ProjectionBuild | null> {
    const r = this.db.prepare('SELECT * FROM projection_builds WHERE name = ?').get(name) as
      { version: number; tbl: string; position: number } | undefined;
    return r ? { name, version: r.version, table: r.tbl, position: r.position } : null;
  }

  async commitBuildBatch(
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    // A build batch need not reach the disk before the next: a build lost to a power cut resumes
    // from its checkpoint, which travels in the same transaction. So no fsync per batch (WAL,
    // synchronous=NORMAL); the next ledger commit (FULL) syncs these pages with its own.
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.db
        .transaction(() => {
          const moved = this.prepared('UPDATE projection_builds SET position = ? WHERE name = ? AND tbl = ? AND position = ?').run(
            to,
            name,
            table,
            from,
          );
          if (moved.changes !== 1) return false;
          this.writeRows(table, changes, columns);
          return true;
        })
        .immediate();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async indexBuild(table: string, columns: Columns): Promise<void> {
    this.db
      .transaction(() => {
        for (const sql of createIndexSql(table, columns)) this.db.exec(sql);
      })
      .immediate();
  }

  async swap(name: string, build: ProjectionBuild): Promise<boolean> {
    return this.db
      .transaction(() => {
        const state = this.db.prepare('SELECT * FROM projection_state WHERE name = ?').get(name) as StateRow;
        const current = this.db
          .prepare('SELECT position FROM projection_builds WHERE name = ? AND tbl = ?')
          .pluck()
          .get(name, build.table) as number | undefined;
        // Only a build that has caught up with the served table takes its place.
        if (current === undefined || current < state.position) return false;
        this.db
          .prepare(
            "UPDATE projection_state SET version = ?, tbl = ?, position = ?, status = 'running', failed_position = NULL, error = NULL WHERE name = ?",
          )
          .run(build.version, build.table, current, name);
        this.db.prepare('DELETE FROM projection_builds WHERE name = ?').run(name);
        this.db.exec(`DROP TABLE IF EXISTS ${state.tbl}`);
        this.served.forget(name);
        return true;
      })
      .immediate();
  }

  private tableOf(name: string): string {
    const tbl = this.prepared('SELECT tbl FROM projection_state WHERE name = ?').pluck().get(name) as string | undefined;
    if (!tbl) throw new Error(`projection ${name} is not registered`);
    return tbl;
  }

  async getRow<N extends string>(name: N, key: string): Promise<RowFor<N> | null> {
    const doc = await this.served.read(
      name,
      async (table) => this.prepared(`SELECT doc FROM ${table} WHERE key = ?`).pluck().get(key) as string | undefined,
    );
    return doc === undefined ? null : JSON.parse(doc);
  }

  async queryRows<N extends string>(name: N, query: RowQuery): Promise<RowFor<N>[]> {
    const docs = await this.served.read(name, async (table) => {
      const { sql, params } = selectSql(table, query, ph);
      return this.prepared(sql)
        .pluck()
        .all(...params) as string[];
    });
    return docs.map((d) => JSON.parse(d));
  }

  async countRows(name: string, query: RowQuery): Promise<number> {
    return this.served.read(name, async (table) => {
      const { sql, params } = selectSql(table, query, ph, true);
      return (
        this.prepared(sql)
          .pluck(false)
          .get(...params) as { n: number }
      ).n;
    });
  }

  async dumpTable(table: string): Promise<[string, string][]> {
    return (this.db.prepare(`SELECT key, doc FROM ${table} ORDER BY key`).all() as { key: string; doc: string }[]).map((r) => [
      r.key,
      r.doc,
    ]);
  }
}
