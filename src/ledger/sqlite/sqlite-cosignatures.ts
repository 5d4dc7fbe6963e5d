import type Database from 'better-sqlite3';
import type { CosignatureStore, StoredCosignature } from '../tree/cosignature-store.port';
import { asPromise } from './as-promise';

export class SqliteCosignatureStore implements CosignatureStore {
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO ledger_cosignatures (size, witness, line, cosigned_at, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      linesFor: db.prepare(
        'SELECT size, line FROM ledger_cosignatures WHERE size IN (SELECT value FROM json_each(?)) ORDER BY size, witness',
      ),
      latest: db.prepare('SELECT coalesce(max(size), 0) FROM ledger_cosignatures WHERE witness = ?').pluck(),
      latestBy: db
        .prepare(
          'SELECT coalesce(max(size), 0) FROM (SELECT size FROM ledger_cosignatures WHERE witness IN (SELECT value FROM json_each(?)) GROUP BY size HAVING count(*) >= ?)',
        )
        .pluck(),
    };
  }

  save(c: StoredCosignature): Promise<void> {
    return asPromise(() => void this.stmts.insert.run(c.size, c.witness, c.line, c.cosignedAt, c.receivedAt));
  }

  linesFor(sizes: readonly number[]): Promise<Map<number, string[]>> {
    return asPromise(() => {
      const out = new Map<number, string[]>();
      for (const r of this.stmts.linesFor.all(JSON.stringify(sizes)) as { size: number; line: string }[])
        out.set(r.size, [...(out.get(r.size) ?? []), r.line]);
      return out;
    });
  }

  latestSize(witness: string): Promise<number> {
    return asPromise(() => this.stmts.latest.get(witness) as number);
  }

  latestCosignedBy(witnesses: readonly string[], quorum: number): Promise<number> {
    return asPromise(() => this.stmts.latestBy.get(JSON.stringify(witnesses), quorum) as number);
  }
}
