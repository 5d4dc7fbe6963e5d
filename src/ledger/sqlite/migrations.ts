import type Database from 'better-sqlite3';

/** Versioned schema of the embedded store. Append new versions; never edit an applied one. */
export const SQLITE_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'ledger entries',
    sql: `
      CREATE TABLE ledger_entries (
        position        INTEGER PRIMARY KEY,   -- rowid alias: dense, 1-based, the Merkle leaf index + 1
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL,
        event_id        TEXT    NOT NULL UNIQUE,
        type            TEXT    NOT NULL,
        schema_version  INTEGER NOT NULL,
        data            TEXT    NOT NULL,      -- RFC 8785 canonical JSON, exactly as hashed
        private_digest  TEXT,
        metadata        TEXT    NOT NULL,
        recorded_at     TEXT    NOT NULL,
        leaf_hash       TEXT    NOT NULL,
        fingerprint     TEXT    NOT NULL,      -- content hash for idempotent re-appends
        UNIQUE (stream_id, stream_version)
      ) STRICT;
      -- Private parts live beside the entry so they can be erased without touching it.
      CREATE TABLE ledger_private (
        position INTEGER PRIMARY KEY REFERENCES ledger_entries(position),
        salt     TEXT NOT NULL,
        content  TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER ledger_entries_dense BEFORE INSERT ON ledger_entries
        WHEN NEW.position IS NOT (SELECT coalesce(max(position), 0) + 1 FROM ledger_entries)
        BEGIN SELECT RAISE(ABORT, 'ledger positions must be dense'); END;
      CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
      CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
        BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable'); END;
      CREATE TRIGGER ledger_private_no_update BEFORE UPDATE ON ledger_private
        BEGIN SELECT RAISE(ABORT, 'private parts can be erased, never edited'); END;
    `,
  },
  {
    version: 2,
    name: 'idempotency keys',
    sql: `
      -- An Idempotency-Key claimed by a commit, written in the same transaction as its entries.
      CREATE TABLE ledger_idempotency (
        scope          TEXT    NOT NULL,
        key            TEXT    NOT NULL,
        request_hash   TEXT    NOT NULL,
        first_position INTEGER NOT NULL REFERENCES ledger_entries(position),
        last_position  INTEGER NOT NULL REFERENCES ledger_entries(position),
        PRIMARY KEY (scope, key)
      ) STRICT;
      CREATE TRIGGER ledger_idempotency_no_update BEFORE UPDATE ON ledger_idempotency
        BEGIN SELECT RAISE(ABORT, 'idempotency records are immutable'); END;
    `,
  },
  {
    version: 3,
    name: 'projection checkpoints',
    sql: `
      -- Where each read model stands; moved in the same transaction as its rows (src/projection-runner).
      CREATE TABLE projection_state (
        name            TEXT    PRIMARY KEY,
        version         INTEGER NOT NULL,
        tbl             TEXT    NOT NULL,
        generation      INTEGER NOT NULL,
        position        INTEGER  NOT NULL,
        status          TEXT    NOT NULL,
        failed_position INTEGER,
        error           TEXT
      ) STRICT;
      -- A blue/green rebuild in progress: a new table filled from 0 while the old one serves.
      CREATE TABLE projection_builds (
        name       TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL,
        tbl        TEXT    NOT NULL,
        position   INTEGER  NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'merkle tree and checkpoints',
    sql: `
      -- RFC 9162 Merkle tree: hashes of complete, aligned subtrees (level, index), written with the
      -- entries that complete them. Leaf p-1 is entry p.
      CREATE TABLE ledger_tree (
        level INTEGER NOT NULL,
        idx   INTEGER NOT NULL,
        hash  BLOB    NOT NULL,
        PRIMARY KEY (level, idx)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER ledger_tree_no_update BEFORE UPDATE ON ledger_tree BEGIN SELECT RAISE(ABORT, 'tree nodes are immutable'); END;
      CREATE TRIGGER ledger_tree_no_delete BEFORE DELETE ON ledger_tree BEGIN SELECT RAISE(ABORT, 'tree nodes are immutable'); END;
      -- Every signed checkpoint ever issued; one root per size, forever.
      CREATE TABLE ledger_checkpoints (
        size      INTEGER PRIMARY KEY,
        root      BLOB    NOT NULL,
        note      TEXT    NOT NULL,
        issued_at TEXT    NOT NULL
      ) STRICT;
      CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are immutable'); END;
      CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are immutable'); END;
    `,
  },
  {
    version: 5,
    name: 'witness cosignatures',
    sql: `
      -- Witness cosignatures of checkpoints (c2sp.org/tlog-cosignature), one per witness key and size, forever.
      CREATE TABLE ledger_cosignatures (
        size        INTEGER NOT NULL REFERENCES ledger_checkpoints (size),
        witness     TEXT    NOT NULL,
        line        TEXT    NOT NULL,
        cosigned_at INTEGER NOT NULL,
        received_at TEXT    NOT NULL,
        PRIMARY KEY (size, witness)
      ) STRICT;
      CREATE INDEX ledger_cosignatures_by_witness ON ledger_cosignatures (witness, size);
      CREATE TRIGGER ledger_cosignatures_no_update BEFORE UPDATE ON ledger_cosignatures BEGIN SELECT RAISE(ABORT, 'cosignatures are immutable'); END;
      CREATE TRIGGER ledger_cosignatures_no_delete BEFORE DELETE ON ledger_cosignatures BEGIN SELECT RAISE(ABORT, 'cosignatures are immutable'); END;
    `,
  },
  {
    version: 6,
    name: 'merkle nodes clustered by the leaf that completes them',
    sql: `
      -- Issue 18: keyed by (level, idx), the nodes one append completes (a leaf and on average one parent)
      -- landed on pages far apart, 2.6 more WAL pages per commit than the entry alone. Keyed by the last leaf
      -- they cover, ((idx + 1) << level) - 1, they are written together at the table's end.
      CREATE TABLE ledger_tree_by_leaf (
        leaf  INTEGER NOT NULL,
        level INTEGER NOT NULL,
        idx   INTEGER NOT NULL,
        hash  BLOB    NOT NULL,
        CHECK (leaf = ((idx + 1) << level) - 1),
        PRIMARY KEY (leaf, level)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO ledger_tree_by_leaf (leaf, level, idx, hash) SELECT ((idx + 1) << level) - 1, level, idx, hash FROM ledger_tree ORDER BY 1, 2;
      DROP TRIGGER ledger_tree_no_update;
      DROP TRIGGER ledger_tree_no_delete;
      DROP TABLE ledger_tree;
      ALTER TABLE ledger_tree_by_leaf RENAME TO ledger_tree;
      CREATE TRIGGER ledger_tree_no_update BEFORE UPDATE ON ledger_tree BEGIN SELECT RAISE(ABORT, 'tree nodes are immutable'); END;
      CREATE TRIGGER ledger_tree_no_delete BEFORE DELETE ON ledger_tree BEGIN SELECT RAISE(ABORT, 'tree nodes are immutable'); END;
    `,
  },
  {
    version: 7,
    name: 'merkle nodes in the row of the entry that completes them',
    sql: `
      -- Issue 18: even clustered at its end, ledger_tree put one more page in every commit's WAL than the entry's
      -- own (about 10 µs of a 130 µs durable commit). The nodes leaf i completes (itself at level 0, then the
      -- parents whose last leaf it is) now go into entry i+1's row as it is inserted: their hashes, levels 0, 1, …,
      -- concatenated (src/ledger/tree/leaf-nodes.ts). Entries from before this version keep NULL here and their
      -- nodes stay in ledger_tree, which keeps its triggers and is read in their place; nothing is moved or rewritten.
      ALTER TABLE ledger_entries ADD COLUMN tree_nodes BLOB
        CHECK (tree_nodes IS NULL OR (length(tree_nodes) > 0 AND length(tree_nodes) % 32 = 0));
    `,
  },
];

/** Applies the versions not yet applied, in one immediate transaction. */
export function migrateSqlite(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const apply = db.transaction(() => {
    const applied = new Set(db.prepare('SELECT version FROM ledger_schema_migrations').pluck().all() as number[]);
    for (const m of SQLITE_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO ledger_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    }
  });
  apply.immediate();
}
