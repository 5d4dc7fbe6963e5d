import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { rawBaselines } from '../../bench/baselines';

/**
 * The raw baselines are the denominators of issue 18's ratios: each of their measured phases must start settled, as the
 * ledger's do (bench/run.ts appendRound), or what an earlier phase left behind lands in one side's figure only.
 */
describe('bench: raw baselines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-baselines-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('settles before each measured phase, and measures every row it was asked for', async () => {
    const file = join(dir, 'raw.db');
    // The rows in the table each time it settles: before the sequential writes, the two reads, the 4 writers (after a
    // reset) and the multi-row INSERTs (after another).
    const rowsAtSettle: number[] = [];
    const raw = await rawBaselines({ kind: 'sqlite', file }, 40, 4, () => {
      const db = new Database(file, { readonly: true });
      rowsAtSettle.push((db.prepare('SELECT count(*) AS n FROM raw_events').get() as { n: number }).n);
      db.close();
      return Promise.resolve();
    });
    expect(rowsAtSettle).toEqual([0, 40, 40, 0, 0]);
    for (const m of [raw.sequential, raw.read, raw.readParsed, raw.writers, raw.multiRow]) expect(m.count).toBe(40);
  });
});
