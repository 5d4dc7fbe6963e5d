import type { Pool } from 'pg';
import type { CosignatureStore, StoredCosignature } from '../tree/cosignature-store.port';

export class PostgresCosignatureStore implements CosignatureStore {
  constructor(private readonly pool: Pool) {}

  async save(c: StoredCosignature): Promise<void> {
    await this.pool.query(
      'INSERT INTO ledger_cosignatures (size, witness, line, cosigned_at, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [c.size, c.witness, c.line, c.cosignedAt, c.receivedAt],
    );
  }

  async linesFor(sizes: readonly number[]): Promise<Map<number, string[]>> {
    const res = await this.pool.query<{ size: string | number; line: string }>(
      'SELECT size, line FROM ledger_cosignatures WHERE size = ANY($1::bigint[]) ORDER BY size, witness',
      [sizes],
    );
    const out = new Map<number, string[]>();
    for (const r of res.rows) out.set(Number(r.size), [...(out.get(Number(r.size)) ?? []), r.line]);
    return out;
  }

  async latestSize(witness: string): Promise<number> {
    const res = await this.pool.query<{ size: string | number }>(
      'SELECT coalesce(max(size), 0) AS size FROM ledger_cosignatures WHERE witness = $1',
      [witness],
    );
    return Number(res.rows[0].size);
  }

  async latestCosignedBy(witnesses: readonly string[], quorum: number): Promise<number> {
    const res = await this.pool.query<{ size: string | number }>(
      `SELECT coalesce(max(size), 0) AS size FROM (
         SELECT size FROM ledger_cosignatures WHERE witness = ANY($1::text[]) GROUP BY size HAVING count(*) >= $2
       ) AS witnessed`,
      [witnesses, quorum],
    );
    return Number(res.rows[0].size);
  }
}
