import type Database from 'better-sqlite3';

/** SQLite statements prepared once per SQL text: preparing costs more than running a primary-key read. */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      // Texts name generation tables, which rebuilds replace: keep the cache bounded.
      if (this.statements.size >= 512) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}
