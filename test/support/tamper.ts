import Database from 'better-sqlite3';
import { canonicalize } from '../../src/ledger/jcs';
import { leafHashOf } from '../../src/ledger/hashing';
import { openStore } from '../../src/ledger/open-store';
import { parseDatabaseUrl } from '../../src/config/database-url';
import type { JsonObject } from '../../src/ledger/event-store.port';
import { main } from '../../src/cli/main';
import { withClient } from './postgres-client';

export type Kind = 'sqlite' | 'postgres';

/** Runs `ledger <args>` in this process; returns its exit code and what it printed. */
export async function ledgerCli(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  try {
    return { code: await main(args), out };
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
}

/** SQL run behind the service's back, as someone with access to the database would; `?`/`$n` parameters per adapter. */
export async function tamper(
  databaseUrl: string,
  kind: Kind,
  sqlite: [string, ...unknown[]][],
  postgres: [string, ...unknown[]][],
): Promise<void> {
  if (kind === 'sqlite') {
    const db = new Database(databaseUrl.slice('sqlite://'.length));
    try {
      for (const [sql, ...params] of sqlite) db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
    return;
  }
  await withClient(databaseUrl, async (c) => {
    for (const [sql, ...params] of postgres) await c.query(sql, params);
  });
}

/** The tree_nodes of a SQLite entry. */
function sqliteNodes(databaseUrl: string, position: number): Buffer {
  const db = new Database(databaseUrl.slice('sqlite://'.length), { readonly: true });
  try {
    return db.prepare('SELECT tree_nodes FROM ledger_entries WHERE position = ?').pluck().get(position) as Buffer;
  } finally {
    db.close();
  }
}

/**
 * A careful forger: rewrites entry `position`'s data AND its stored leaf hash (recomputed), so the
 * entry still hashes to its leaf hash; the signed checkpoints (and, unless asked, the tree) are left alone.
 */
export async function forgeEntry(databaseUrl: string, kind: Kind, position: number, options: { treeLeaf?: boolean } = {}): Promise<void> {
  const store = await openStore(parseDatabaseUrl(databaseUrl));
  let entry;
  try {
    [entry] = await store.readAll(position - 1, 1);
  } finally {
    await store.close();
  }
  const { leafHash: _l, private: _p, privateSalt: _s, ...envelope } = entry;
  const forged = { ...envelope, data: { ...envelope.data, forged: true } as JsonObject };
  const leaf = leafHashOf(forged).toString('base64');
  const update = (p: (n: number) => string): string =>
    `UPDATE ledger_entries SET data = ${p(1)}, leaf_hash = ${p(2)} WHERE position = ${p(3)}`;
  await tamper(
    databaseUrl,
    kind,
    [['DROP TRIGGER IF EXISTS ledger_entries_no_update'], [update(() => '?'), canonicalize(forged.data), leaf, position]],
    [
      ['ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_immutable'],
      [update((n) => `$${n}`), canonicalize(forged.data), leaf, position],
      ['ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_immutable'],
    ],
  );
  if (options.treeLeaf) {
    // Bolder still: the tree's leaf too, so the stored tree agrees with the forged entry at the bottom. It is kept in
    // the entry's row, first of the nodes its leaf completes (src/ledger/tree/leaf-nodes.ts).
    const hash = Buffer.from(leaf, 'base64');
    await tamper(
      databaseUrl,
      kind,
      kind === 'sqlite'
        ? [
            [
              'UPDATE ledger_entries SET tree_nodes = ? WHERE position = ?',
              Buffer.concat([hash, sqliteNodes(databaseUrl, position).subarray(32)]),
              position,
            ],
          ]
        : [],
      [
        ['ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_immutable'],
        ['UPDATE ledger_entries SET tree_nodes = $1 || substring(tree_nodes FROM 33) WHERE position = $2', hash, position],
        ['ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_immutable'],
      ],
    );
    // A forgery that did not take would let a test pass for the wrong reason.
    const check = await openStore(parseDatabaseUrl(databaseUrl));
    try {
      const stored = (await check.readTreeNodes([{ level: 0, index: position - 1 }])).get(`0:${position - 1}`);
      if (!stored?.equals(hash)) throw new Error(`the tree's leaf ${position - 1} was not forged`);
    } finally {
      await check.close();
    }
  }
}
