import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/ledger/sqlite/sqlite-event-store';
import { SQLITE_MIGRATIONS } from '../../src/ledger/sqlite/migrations';
import { rootAt, withNodes } from '../../src/ledger/tree/merkle';
import { newEvent } from '../support/events';
import { referenceRoot } from '../support/reference-merkle';

async function appendN(store: SqliteEventStore, n: number, from: number): Promise<void> {
  for (let i = from; i < from + n; i++) await store.append(`s-${i % 4}`, [newEvent('A', { i })], { expectedVersion: 'any' });
}

/** Every root from size 1 to the head, from the store's nodes, against RFC 9162's definition over the entries' leaf hashes. */
async function checkRoots(store: SqliteEventStore): Promise<number> {
  const leaves = (await store.readAll(0, 10_000)).map((e) => Buffer.from(e.leafHash, 'base64'));
  for (let size = 1; size <= leaves.length; size++) {
    const root = await withNodes(
      (k) => store.readTreeNodes(k),
      (r) => rootAt(size, r),
    );
    expect([size, root.toString('base64')]).toEqual([size, referenceRoot(leaves.slice(0, size)).toString('base64')]);
  }
  return leaves.length;
}

describe('SQLite Merkle nodes clustered by the leaf that completes them (migration 6, issue 18)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-tree-layout-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves the nodes of a ledger written with the old layout, which then proves every size and grows on', async () => {
    // A ledger as the old code left it: migrations 1–5, nodes keyed (level, idx).
    const source = SqliteEventStore.open(join(dir, 'source.db'));
    await appendN(source, 37, 0);
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= 5)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO ledger_schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-01-01T00:00:00Z');
    }
    old.exec(`ATTACH DATABASE '${join(dir, 'source.db')}' AS src`);
    old.exec('INSERT INTO ledger_entries SELECT * FROM src.ledger_entries ORDER BY position');
    old.exec('INSERT INTO ledger_tree (level, idx, hash) SELECT level, idx, hash FROM src.ledger_tree');
    const nodes = old.prepare('SELECT count(*) FROM ledger_tree').pluck().get();
    old.exec('DETACH DATABASE src');
    old.close();
    await source.close();

    const migrated = SqliteEventStore.open(file);
    try {
      expect(migrated.db.prepare('SELECT count(*) FROM ledger_tree').pluck().get()).toBe(nodes);
      // Stored in the order appends write them: by last leaf, then level.
      const keys = migrated.db.prepare('SELECT leaf, level, idx FROM ledger_tree').all() as { leaf: number; level: number; idx: number }[];
      for (const k of keys) expect(k.leaf).toBe((k.idx + 1) * 2 ** k.level - 1);
      expect(keys.map((k) => k.leaf)).toEqual([...keys.map((k) => k.leaf)].sort((a, b) => a - b));
      expect(await checkRoots(migrated)).toBe(37);
      await appendN(migrated, 30, 37);
      expect(await checkRoots(migrated)).toBe(67);
      // Still append-only, and a node must sit under the leaf that completes it.
      expect(() => migrated.db.exec('DELETE FROM ledger_tree')).toThrow(/immutable/);
      expect(() => migrated.db.exec('UPDATE ledger_tree SET hash = hash')).toThrow(/immutable/);
      expect(() => migrated.db.prepare("INSERT INTO ledger_tree VALUES (999, 0, 5, x'00')").run()).toThrow(/CHECK/);
    } finally {
      await migrated.close();
    }
  });
});
