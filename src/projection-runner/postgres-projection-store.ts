import type { Pool, PoolClient } from 'pg';
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

const ph = (i: number): string => `$${i}`;

/** Read models in the ledger's PostgreSQL database. */
export class PostgresProjectionStore implements ProjectionStore {
  private readonly served = new ServedTables(
    (name) => this.tableOf(name),
    // undefined_table; "could not open relation" if the drop came while the read waited for its lock
    (error) => (error as { code?: string }).code === '42P01' || /could not open relation/.test((error as Error).message ?? ''),
  );

  constructor(private readonly pool: Pool) {}

  /**
   * `durable: false` for read-model batches: one lost to a crash is applied again from its checkpoint, which
   * travels in the same transaction, so it need not wait for its WAL flush (synchronous_commit off for this
   * transaction only; a later synchronous commit flushes it with its own). Issue 18: each following read model
   * waited for a flush of its own, several per command.
   */
  private async tx<T>(fn: (c: PoolClient) => Promise<T>, durable = true): Promise<T> {
    const c = await this.pool.connect();
    try {
      // One round trip either way: a simple query may hold both statements.
      await c.query(durable ? 'BEGIN' : 'BEGIN; SET LOCAL synchronous_commit TO OFF');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  }

  async states(): Promise<ProjectionState[]> {
    return (await this.pool.query<StateRow>('SELECT * FROM projection_state ORDER BY name')).rows.map(toState);
  }

  async state(name: string): Promise<ProjectionState | null> {
    const r = (await this.pool.query<StateRow>('SELECT * FROM projection_state WHERE name = $1', [name])).rows[0];
    return r ? toState(r) : null;
  }

  async register(name: string, version: number, columns: Columns): Promise<ProjectionState> {
    return this.tx(async (c) => {
      // Serialises instances starting together; the lock ends with the transaction.
      await c.query("SELECT pg_advisory_xact_lock(hashtext('projection:' || $1))", [name]);
      const existing = (await c.query<StateRow>('SELECT * FROM projection_state WHERE name = $1', [name])).rows[0];
      if (existing) return toState(existing);
      const table = tableName(name, 1);
      for (const sql of createTableSql(table, columns, 'BIGINT')) await c.query(sql);
      await c.query(
        "INSERT INTO projection_state (name, version, tbl, generation, position, status) VALUES ($1, $2, $3, 1, 0, 'running')",
        [name, version, table],
      );
      return toState((await c.query<StateRow>('SELECT * FROM projection_state WHERE name = $1', [name])).rows[0]);
    });
  }

  async loadRows(table: string, keys: readonly string[]): Promise<Map<string, object>> {
    const out = new Map<string, object>();
    if (keys.length === 0) return out;
    const res = await this.pool.query<{ key: string; doc: string }>(`SELECT key, doc FROM ${table} WHERE key = ANY($1)`, [keys]);
    for (const r of res.rows) out.set(r.key, JSON.parse(r.doc) as object);
    return out;
  }

  private async writeRows(c: PoolClient, table: string, changes: readonly RowChange[], columns: Columns): Promise<void> {
    const deletes = changes.filter((ch) => ch.row === null).map((ch) => ch.key);
    if (deletes.length > 0) await c.query(`DELETE FROM ${table} WHERE key = ANY($1)`, [deletes]);
    // Multi-row upserts, in chunks that stay under PostgreSQL's 65,535 bind parameters.
    const upserts = changes.filter((ch) => ch.row !== null);
    const width = 2 + Object.keys(columns).length;
    const chunk = Math.floor(60_000 / width);
    for (let i = 0; i < upserts.length; i += chunk) {
      const part = upserts.slice(i, i + chunk);
      const params = part.flatMap((ch) => [ch.key, JSON.stringify(ch.row), ...columnValues(ch.row!, columns)]);
      await c.query(upsertSql(table, columns, ph, part.length), params);
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
    return this.tx(async (c) => {
      const moved = await c.query(
        "UPDATE projection_state SET position = $1, status = 'running', failed_position = NULL, error = NULL WHERE name = $2 AND tbl = $3 AND position = $4",
        [to, name, table, from],
      );
      if (moved.rowCount !== 1) return false;
      await this.writeRows(c, table, changes, columns);
      return true;
    }, false);
  }

  async markFailed(name: string, table: string, position: number, error: string): Promise<void> {
    await this.pool.query("UPDATE projection_state SET status = 'failed', failed_position = $1, error = $2 WHERE name = $3 AND tbl = $4", [
      position,
      error,
      name,
      table,
    ]);
  }

  async startBuild(name: string, version: number, columns: Columns): Promise<ProjectionBuild> {
    return this.tx(async (c) => {
      const state = (await c.query<StateRow>('SELECT * FROM projection_state WHERE name = $1 FOR UPDATE', [name])).rows[0];
      const existing = (await c.query<BuildRow>('SELECT * FROM projection_builds WHERE name = $1', [name])).rows[0];
      if (existing && existing.version === version) return toBuild(existing);
      if (existing) await c.query(`DROP TABLE IF EXISTS ${existing.tbl}`);
      const generation = state.generation + 1;
      const table = tableName(name, generation);
      await c.query(`DROP TABLE IF EXISTS ${table}`);
      for (const sql of createTableSql(table, columns, 'BIGINT', false)) await c.query(sql);
      await c.query('UPDATE projection_state SET generation = $1 WHERE name = $2', [generation, name]);
      await c.query(
        `INSERT INTO projection_builds (name, version, tbl, position) VALUES ($1, $2, $3, 0)
        ON CONFLICT (name) DO UPDATE SET version = excluded.version, tbl = excluded.tbl, position = 0`,
        [name, version, table],
      );
      return { name, version, table, position: 0 };
    });
  }

  async build(name: string): Promise<ProjectionBuild | null> {
    const r = (await this.pool.query<BuildRow>('SELECT * FROM projection_builds WHERE name = $1', [name])).rows[0];
    return r ? toBuild(r) : null;
  }

  async commitBuildBatch(
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    return this.tx(async (c) => {
      const moved = await c.query('UPDATE projection_builds SET position = $1 WHERE name = $2 AND tbl = $3 AND position = $4', [
        to,
        name,
        table,
        from,
      ]);
      if (moved.rowCount !== 1) return false;
      await this.writeRows(c, table, changes, columns);
      return true;
    }, false);
  }

  async indexBuild(table: string, columns: Columns): Promise<void> {
    await this.tx(async (c) => {
      for (const sql of createIndexSql(table, columns)) await c.query(sql);
    });
  }

  async swap(name: string, build: ProjectionBuild): Promise<boolean> {
    const swapped = await this.tx(async (c) => {
      const state = (await c.query<StateRow>('SELECT * FROM projection_state WHERE name = $1 FOR UPDATE', [name])).rows[0];
      const current = (
        await c.query<{ position: number }>('SELECT position FROM projection_builds WHERE name = $1 AND tbl = $2 FOR UPDATE', [
          name,
          build.table,
        ])
      ).rows[0]?.position;
      if (current === undefined || current < state.position) return false;
      await c.query(
        "UPDATE projection_state SET version = $1, tbl = $2, position = $3, status = 'running', failed_position = NULL, error = NULL WHERE name = $4",
        [build.version, build.table, current, name],
      );
      await c.query('DELETE FROM projection_builds WHERE name = $1', [name]);
      await c.query(`DROP TABLE IF EXISTS ${state.tbl}`);
      return true;
    });
    if (swapped) this.served.forget(name);
    return swapped;
  }

  private async tableOf(name: string): Promise<string> {
    const tbl = (await this.pool.query<{ tbl: string }>('SELECT tbl FROM projection_state WHERE name = $1', [name])).rows[0]?.tbl;
    if (!tbl) throw new Error(`projection ${name} is not registered`);
    return tbl;
  }

  async getRow<N extends string>(name: N, key: string): Promise<RowFor<N> | null> {
    const res = await this.served.read(name, (table) => this.pool.query<{ doc: string }>(`SELECT doc FROM ${table} WHERE key = $1`, [key]));
    return res.rows[0] ? (JSON.parse(res.rows[0].doc) as RowFor<N>) : null;
  }

  async queryRows<N extends string>(name: N, query: RowQuery): Promise<RowFor<N>[]> {
    const res = await this.served.read(name, (table) => {
      const { sql, params } = selectSql(table, query, ph);
      return this.pool.query<{ doc: string }>(sql, params);
    });
    return res.rows.map((r) => JSON.parse(r.doc) as RowFor<N>);
  }

  async countRows(name: string, query: RowQuery): Promise<number> {
    const res = await this.served.read(name, (table) => {
      const { sql, params } = selectSql(table, query, ph, true);
      return this.pool.query<{ n: string }>(sql, params);
    });
    return Number(res.rows[0].n);
  }

  async dumpTable(table: string): Promise<[string, string][]> {
    return (await this.pool.query<{ key: string; doc: string }>(`SELECT key, doc FROM ${table} ORDER BY key COLLATE "C"`)).rows.map((r) => [
      r.key,
      r.doc,
    ]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
