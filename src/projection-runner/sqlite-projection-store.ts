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
import { BuildRow, StateRow, toBuild, toState } from './state-rows';
import { StatementCache } from './statement-cache';
import { asPromise } from '../ledger/sqlite/as-promise';

const ph = (): string => '?';

/** Read models in the embedded SQLite file, on the event store's own connection. */
export class SqliteProjectionStore implements ProjectionStore {
  private readonly served = new ServedTables(
    (name) => asPromise(() => this.tableOf(name)),
    // By message, not instanceof: an error made by the native module may come from another realm (jest's VM).
    (error) => /no such table/.test(String((error as { message?: unknown } | null)?.message)),
  );

  private readonly statements: StatementCache;

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  states(): Promise<ProjectionState[]> {
    return asPromise(() => (this.db.prepare('SELECT * FROM projection_state ORDER BY name').all() as StateRow[]).map(toState));
  }

  state(name: string): Promise<ProjectionState | null> {
    return asPromise(() => {
      const r = this.db.prepare('SELECT * FROM projection_state WHERE name = ?').get(name) as StateRow | undefined;
      return r ? toState(r) : null;
    });
  }

  register(name: string, version: number, columns: Columns): Promise<ProjectionState> {
    return asPromise(() =>
      this.db
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
        .immediate(),
    );
  }

  loadRows(table: string, keys: readonly string[]): Promise<Map<string, object>> {
    return asPromise(() => {
      const out = new Map<string, object>();
      const stmt = this.statements.prepare(`SELECT doc FROM ${table} WHERE key = ?`).pluck();
      for (const key of keys) {
        const doc = stmt.get(key) as string | undefined;
        if (doc !== undefined) out.set(key, JSON.parse(doc) as object);
      }
      return out;
    });
  }

  private writeRows(table: string, changes: readonly RowChange[], columns: Columns): void {
    const upsert = this.statements.prepare(upsertSql(table, columns, ph));
    const remove = this.statements.prepare(`DELETE FROM ${table} WHERE key = ?`);
    for (const c of changes) {
      if (c.row === null) remove.run(c.key);
      else upsert.run(c.key, JSON.stringify(c.row), ...columnValues(c.row, columns));
    }
  }

  /**
   * A read-model batch lost to a power cut is applied again from its checkpoint (same transaction; WAL keeps
   * both atomic), so no fsync per batch: the next ledger commit (FULL) syncs its pages (issue 18). The pragmas
   * come from the statement cache: db.pragma() prepares its statement anew at every call.
   */
  private checkpointed(
    update: string,
    [name, table, from, to]: [string, string, number, number],
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    const write = this.db.transaction(() => {
      if (this.statements.prepare(update).run(to, name, table, from).changes !== 1) return false;
      this.writeRows(table, changes, columns);
      return true;
    });
    return asPromise(() => {
      this.statements.prepare('PRAGMA synchronous = NORMAL').run();
      try {
        return write.immediate();
      } finally {
        this.statements.prepare('PRAGMA synchronous = FULL').run();
      }
    });
  }

  commitBatch(name: string, table: string, from: number, to: number, changes: readonly RowChange[], columns: Columns): Promise<boolean> {
    const update =
      "UPDATE projection_state SET position = ?, status = 'running', failed_position = NULL, error = NULL WHERE name = ? AND tbl = ? AND position = ?";
    return this.checkpointed(update, [name, table, from, to], changes, columns);
  }

  markFailed(name: string, table: string, position: number, error: string): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare("UPDATE projection_state SET status = 'failed', failed_position = ?, error = ? WHERE name = ? AND tbl = ?")
        .run(position, error, name, table);
    });
  }

  startBuild(name: string, version: number, columns: Columns): Promise<ProjectionBuild> {
    return asPromise(() =>
      this.db
        .transaction(() => {
          const existing = this.db.prepare('SELECT * FROM projection_builds WHERE name = ?').get(name) as BuildRow | undefined;
          if (existing && existing.version === version) return toBuild(existing);
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
        .immediate(),
    );
  }

  build(name: string): Promise<ProjectionBuild | null> {
    return asPromise(() => {
      const r = this.db.prepare('SELECT * FROM projection_builds WHERE name = ?').get(name) as BuildRow | undefined;
      return r ? toBuild(r) : null;
    });
  }

  commitBuildBatch(
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    const update = 'UPDATE projection_builds SET position = ? WHERE name = ? AND tbl = ? AND position = ?';
    return this.checkpointed(update, [name, table, from, to], changes, columns);
  }

  indexBuild(table: string, columns: Columns): Promise<void> {
    return asPromise(() =>
      this.db
        .transaction(() => {
          for (const sql of createIndexSql(table, columns)) this.db.exec(sql);
        })
        .immediate(),
    );
  }

  swap(name: string, build: ProjectionBuild): Promise<boolean> {
    return asPromise(() =>
      this.db
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
        .immediate(),
    );
  }

  private tableOf(name: string): string {
    const tbl = this.statements.prepare('SELECT tbl FROM projection_state WHERE name = ?').pluck().get(name) as string | undefined;
    if (!tbl) throw new Error(`projection ${name} is not registered`);
    return tbl;
  }

  async getRow<N extends string>(name: N, key: string): Promise<RowFor<N> | null> {
    const doc = await this.served.read(name, (table) =>
      asPromise(() => this.statements.prepare(`SELECT doc FROM ${table} WHERE key = ?`).pluck().get(key) as string | undefined),
    );
    return doc === undefined ? null : (JSON.parse(doc) as RowFor<N>);
  }

  async queryRows<N extends string>(name: N, query: RowQuery): Promise<RowFor<N>[]> {
    const docs = await this.served.read(name, (table) =>
      asPromise(() => {
        const { sql, params } = selectSql(table, query, ph);
        return this.statements
          .prepare(sql)
          .pluck()
          .all(...params) as string[];
      }),
    );
    return docs.map((d) => JSON.parse(d) as RowFor<N>);
  }

  countRows(name: string, query: RowQuery): Promise<number> {
    return this.served.read(name, (table) =>
      asPromise(() => {
        const { sql, params } = selectSql(table, query, ph, true);
        return (
          this.statements
            .prepare(sql)
            .pluck(false)
            .get(...params) as { n: number }
        ).n;
      }),
    );
  }

  dumpTable(table: string): Promise<[string, string][]> {
    return asPromise(() =>
      (this.db.prepare(`SELECT key, doc FROM ${table} ORDER BY key`).all() as { key: string; doc: string }[]).map((r) => [r.key, r.doc]),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
