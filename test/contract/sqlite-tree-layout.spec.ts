import { expect } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/ledger/sqlite/sqlite-event-store';
import { SQLITE_MIGRATIONS } from '../../src/ledger/sqlite/migrations';
import { nodesOnAppend } from '../../src/ledger/tree/merkle';
import { ENTRY_INSERT_COLUMNS } from '../../src/ledger/rows';
import { newEvent } from '../support/events';
import { checkRoots } from '../support/tree-roots';

async function appendN(store: SqliteEventStore, n: number, from: number): Promise<void> {
  for (let i = from; i < from + n; i++) await store.append(`s-${i % 4}`, [newEvent('A', { i })], { expectedVersion: 'any' });
}

/** The complete, aligned subtrees of a tree of n leaves: n at level 0, ⌊n/2⌋ at level 1, … (2n less the set bits of n). */
const completeNodes = (n: number): number => 2 * n - n.toString(2).replace(/0/g, '').length;

describe('SQLite Merkle nodes stored by the leaf that completes them (migrations 6 and 7, issue 18)', () => {
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
    old.exec(`INSERT INTO ledger_entries SELECT ${ENTRY_INSERT_COLUMNS} FROM src.ledger_entries ORDER BY position`);
    old.exec('DETACH DATABASE src');
    // Its nodes as the old code wrote them, in their own table.
    const leaves = (await source.readAll(0, 100)).map((e) => Buffer.from(e.leafHash, 'base64'));
    const insertNode = old.prepare('INSERT INTO ledger_tree (level, idx, hash) VALUES (?, ?, ?)');
    for (const n of nodesOnAppend(0, new Map(), leaves)) insertNode.run(n.level, n.index, n.hash);
    const nodes = old.prepare('SELECT count(*) FROM ledger_tree').pluck().get();
    expect(nodes).toBe(completeNodes(37));
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
      // Migration 7: the entries written before it keep their nodes in ledger_tree (nothing moved or rewritten), the
      // later ones carry theirs in their row: 32 bytes for each node their leaf completes, the leaf itself first.
      expect(migrated.db.prepare('SELECT count(*) FROM ledger_tree').pluck().get()).toBe(nodes);
      const rows = migrated.db.prepare('SELECT position, leaf_hash, tree_nodes FROM ledger_entries ORDER BY position').all() as {
        position: number;
        leaf_hash: string;
        tree_nodes: Buffer | null;
      }[];
      for (const r of rows.slice(0, 37)) expect(r.tree_nodes).toBeNull();
      for (const r of rows.slice(37)) {
        const completed = Math.log2(r.position & -r.position) + 1;
        expect([r.position, r.tree_nodes?.length]).toEqual([r.position, 32 * completed]);
        expect(r.tree_nodes!.subarray(0, 32).toString('base64')).toBe(r.leaf_hash);
      }
      // Still append-only, and a node must sit under the leaf that completes it.
      expect(() => migrated.db.exec('DELETE FROM ledger_tree')).toThrow(/immutable/);
      expect(() => migrated.db.exec('UPDATE ledger_tree SET hash = hash')).toThrow(/immutable/);
      expect(() => migrated.db.prepare("INSERT INTO ledger_tree VALUES (999, 0, 5, x'00')").run()).toThrow(/CHECK/);
    } finally {
      await migrated.close();
    }
  });

  it('keeps the nodes of a new ledger in the entries that complete them, through batches and a rolled-back commit (migration 7)', async () => {
    const store = SqliteEventStore.open(join(dir, 'new.db'));
    try {
      // Batches of 1 to 5 leaves, sequential and concurrent (group commits), so nodes complete inside and across batches.
      for (let b = 0; b < 12; b++)
        await store.append(
          `b-${b % 3}`,
          Array.from({ length: (b % 5) + 1 }, (_, i) => newEvent('A', { b, i })),
          { expectedVersion: 'any' },
        );
      await Promise.all(Array.from({ length: 9 }, (_, i) => store.append(`c-${i}`, [newEvent('A', { i })], { expectedVersion: 'any' })));
      // A batch the database refuses is rolled back and leaves the tree as it was.
      store.db.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON ledger_entries WHEN NEW.stream_id = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END",
      );
      await expect(store.append('refused', [newEvent('A', {})], { expectedVersion: 'any' })).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/refused/),
      );
      store.db.exec('DROP TRIGGER refuse');
      // Another process then takes the position the refused batch would have had: this store's next batch starts at the
      // size the refused one would have left, and must not grow the tree from the frontier that batch computed.
      const other = SqliteEventStore.open(join(dir, 'new.db'));
      await other.append('other', [newEvent('A', {})], { expectedVersion: 'any' });
      await other.close();
      await appendN(store, 11, 100);
      expect(await checkRoots(store)).toBe(33 + 9 + 1 + 11);
      expect(store.db.prepare('SELECT count(*) FROM ledger_tree').pluck().get()).toBe(0);
      expect(store.db.prepare('SELECT sum(length(tree_nodes)) FROM ledger_entries').pluck().get()).toBe(32 * completeNodes(54));
      // Immutable with the entry, and only whole hashes.
      expect(() => store.db.exec("UPDATE ledger_entries SET tree_nodes = x'00' WHERE position = 1")).toThrow(/immutable|append-only/);
      store.db.exec('DROP TRIGGER ledger_entries_no_update');
      expect(() => store.db.exec("UPDATE ledger_entries SET tree_nodes = x'00' WHERE position = 1")).toThrow(/CHECK/);
    } finally {
      await store.close();
    }
  });
});
