import type { Pool } from 'pg';

/** NOTIFY channel carrying the new head position after each commit (the functions below name it too). */
export const APPEND_CHANNEL = 'ledger_appended';

/**
 * Held by every PostgreSQL append for its transaction, shared; exclusively by a writer between its read and commit (migration
 * 10). 2^32 + 7,310,002: past the int4 range, so no hashtext() key (postgres-projection-store.ts) can be the same lock.
 */
export const APPEND_LOCK = 4_302_277_298;

/** Versioned schema of the PostgreSQL store. Append new versions; never edit an applied one. */
export const POSTGRES_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'ledger entries',
    sql: `
      CREATE TABLE ledger_entries (
        position        BIGINT  PRIMARY KEY CHECK (position > 0),
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL CHECK (stream_version > 0),
        event_id        TEXT    NOT NULL UNIQUE,
        type            TEXT    NOT NULL,
        schema_version  INTEGER NOT NULL,
        data            TEXT    NOT NULL,  -- RFC 8785 canonical JSON, exactly as hashed
        private_digest  TEXT,
        metadata        TEXT    NOT NULL,
        recorded_at     TEXT    NOT NULL,
        leaf_hash       TEXT    NOT NULL,
        fingerprint     TEXT    NOT NULL,
        UNIQUE (stream_id, stream_version)
      );
      CREATE TABLE ledger_private (
        position BIGINT PRIMARY KEY REFERENCES ledger_entries(position),
        salt     TEXT NOT NULL,
        content  TEXT NOT NULL
      );
      -- The single row every writer locks first: it serialises position assignment, so
      -- positions are dense across processes, and a rolled-back append leaves no gap
      -- (a sequence would).
      CREATE TABLE ledger_head (
        id          SMALLINT PRIMARY KEY CHECK (id = 1),
        position    BIGINT NOT NULL,
        recorded_at TEXT
      );
      INSERT INTO ledger_head (id, position, recorded_at) VALUES (1, 0, NULL);

      CREATE FUNCTION ledger_reject_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger table % is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ledger_reject_mutation();
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_mutation();
      -- Private parts may be erased (DELETE), never edited.
      CREATE TRIGGER ledger_private_immutable BEFORE UPDATE ON ledger_private
        FOR EACH ROW EXECUTE FUNCTION ledger_reject_mutation();
      CREATE TRIGGER ledger_private_no_truncate BEFORE TRUNCATE ON ledger_private
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_mutation();
    `,
  },
  {
    version: 2,
    name: 'idempotency keys',
    sql: `
      -- An Idempotency-Key claimed by a commit, written in the same transaction as its entries.
      CREATE TABLE ledger_idempotency (
        scope          TEXT   NOT NULL,
        key            TEXT   NOT NULL,
        request_hash   TEXT   NOT NULL,
        first_position BIGINT NOT NULL REFERENCES ledger_entries(position),
        last_position  BIGINT NOT NULL REFERENCES ledger_entries(position),
        PRIMARY KEY (scope, key)
      );
      CREATE TRIGGER ledger_idempotency_immutable BEFORE UPDATE ON ledger_idempotency
        FOR EACH ROW EXECUTE FUNCTION ledger_reject_mutation();
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
        position        BIGINT  NOT NULL,
        status          TEXT    NOT NULL,
        failed_position BIGINT,
        error           TEXT
      );
      -- A blue/green rebuild in progress: a new table filled from 0 while the old one serves.
      CREATE TABLE projection_builds (
        name       TEXT    PRIMARY KEY,
        version    INTEGER NOT NULL,
        tbl        TEXT    NOT NULL,
        position   BIGINT  NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'merkle tree and checkpoints',
    sql: `
      -- RFC 9162 Merkle tree: hashes of complete, aligned subtrees (level, index), written with the
      -- entries that complete them. Leaf p-1 is entry p.
      CREATE TABLE ledger_tree (
        level SMALLINT NOT NULL,
        idx   BIGINT   NOT NULL,
        hash  BYTEA    NOT NULL,
        PRIMARY KEY (level, idx)
      );
      CREATE TRIGGER ledger_tree_immutable BEFORE UPDATE OR DELETE ON ledger_tree
        FOR EACH ROW EXECUTE FUNCTION ledger_reject_mutation();
      -- Every signed checkpoint ever issued; one root per size, forever.
      CREATE TABLE ledger_checkpoints (
        size      BIGINT PRIMARY KEY,
        root      BYTEA  NOT NULL,
        note      TEXT   NOT NULL,
        issued_at TEXT   NOT NULL
      );
      CREATE TRIGGER ledger_checkpoints_immutable BEFORE UPDATE OR DELETE ON ledger_checkpoints
        FOR EACH ROW EXECUTE FUNCTION ledger_reject_mutation();
    `,
  },
  {
    version: 5,
    name: 'witness cosignatures',
    sql: `
      -- Witness cosignatures of checkpoints (c2sp.org/tlog-cosignature), one per witness key and size, forever.
      CREATE TABLE ledger_cosignatures (
        size        BIGINT NOT NULL REFERENCES ledger_checkpoints (size),
        witness     TEXT   NOT NULL,
        line        TEXT   NOT NULL,
        cosigned_at BIGINT NOT NULL,
        received_at TEXT   NOT NULL,
        PRIMARY KEY (size, witness)
      );
      CREATE INDEX ledger_cosignatures_by_witness ON ledger_cosignatures (witness, size);
      CREATE TRIGGER ledger_cosignatures_immutable BEFORE UPDATE OR DELETE ON ledger_cosignatures
        FOR EACH ROW EXECUTE FUNCTION ledger_reject_mutation();
      CREATE TRIGGER ledger_cosignatures_no_truncate BEFORE TRUNCATE ON ledger_cosignatures
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_mutation();
    `,
  },
  {
    version: 6,
    name: 'one-round-trip append',
    sql: `
      -- A whole commit in one statement (src/ledger/postgres/fast-append.ts): the writer planned it against
      -- the head, stream versions and Merkle frontier it last saw, and the function stores it only if those
      -- still hold under the head's lock (and no event id or idempotency key of the batch is stored yet).
      -- Otherwise nothing is written: FALSE if the head moved, error LDG01 if the head held but the rest did
      -- not; either way the writer reads the state and plans again.
      CREATE FUNCTION ledger_append(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[], p_event_ids TEXT[], p_scopes TEXT[], p_keys TEXT[],
        e_position BIGINT[], e_stream TEXT[], e_version INTEGER[], e_event_id TEXT[], e_type TEXT[], e_schema INTEGER[],
        e_data TEXT[], e_private_digest TEXT[], e_metadata TEXT[], e_recorded_at TEXT[], e_leaf_hash TEXT[], e_fingerprint TEXT[],
        pr_position BIGINT[], pr_salt TEXT[], pr_content TEXT[], p_erased BIGINT[],
        c_scope TEXT[], c_key TEXT[], c_request_hash TEXT[], c_first BIGINT[], c_last BIGINT[],
        n_level SMALLINT[], n_idx BIGINT[], n_hash BYTEA[], p_head BIGINT, p_recorded_at TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        -- Moving the head first takes its lock and checks it in one step; a moved head matches no row.
        UPDATE ledger_head SET position = p_head, recorded_at = p_recorded_at WHERE id = 1 AND position = p_size;
        IF NOT FOUND THEN
          RETURN FALSE;
        END IF;
        IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                   WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
          -- Scalar subqueries, one key lookup each: an EXISTS would become a join, planned once (the plan is
          -- cached from the first call, when the tables were empty) as a scan of the whole table.
          OR EXISTS (SELECT 1 FROM unnest(p_event_ids) AS x(id)
                     WHERE (SELECT TRUE FROM ledger_entries e WHERE e.event_id = x.id LIMIT 1))
          OR EXISTS (SELECT 1 FROM unnest(p_scopes, p_keys) AS c(scope, key)
                     WHERE (SELECT TRUE FROM ledger_idempotency i WHERE i.scope = c.scope AND i.key = c.key LIMIT 1))
        THEN
          -- Undoes the head's move with the statement.
          RAISE EXCEPTION 'ledger_append: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint)
          SELECT * FROM unnest(e_position, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                               e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint);
        IF cardinality(pr_position) > 0 THEN
          INSERT INTO ledger_private (position, salt, content) SELECT * FROM unnest(pr_position, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF cardinality(c_scope) > 0 THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            SELECT * FROM unnest(c_scope, c_key, c_request_hash, c_first, c_last);
        END IF;
        INSERT INTO ledger_tree (level, idx, hash) SELECT * FROM unnest(n_level, n_idx, n_hash);
        PERFORM pg_notify('ledger_appended', p_head::text);
        RETURN TRUE;
      END $$;
    `,
  },
  {
    version: 7,
    name: 'one-round-trip append on the keys',
    sql: `
      -- As migration 6, but a caller may leave p_event_ids, p_scopes and p_keys empty and let the UNIQUE keys
      -- (ledger_entries.event_id, ledger_idempotency's primary key) refuse a stored one as it is inserted: a
      -- unique_violation undoes the statement as LDG01 does, and the writer reads the state and plans again
      -- (fast-append.ts). One index probe fewer per event. A process of the previous version, which sends them and
      -- knows only LDG01, still gets LDG01 for them during an upgrade (or after a rollback of the deploy).
      CREATE OR REPLACE FUNCTION ledger_append(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[], p_event_ids TEXT[], p_scopes TEXT[], p_keys TEXT[],
        e_position BIGINT[], e_stream TEXT[], e_version INTEGER[], e_event_id TEXT[], e_type TEXT[], e_schema INTEGER[],
        e_data TEXT[], e_private_digest TEXT[], e_metadata TEXT[], e_recorded_at TEXT[], e_leaf_hash TEXT[], e_fingerprint TEXT[],
        pr_position BIGINT[], pr_salt TEXT[], pr_content TEXT[], p_erased BIGINT[],
        c_scope TEXT[], c_key TEXT[], c_request_hash TEXT[], c_first BIGINT[], c_last BIGINT[],
        n_level SMALLINT[], n_idx BIGINT[], n_hash BYTEA[], p_head BIGINT, p_recorded_at TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        -- Moving the head first takes its lock and checks it in one step; a moved head matches no row.
        UPDATE ledger_head SET position = p_head, recorded_at = p_recorded_at WHERE id = 1 AND position = p_size;
        IF NOT FOUND THEN
          RETURN FALSE;
        END IF;
        -- Scalar subqueries, one key lookup each: an EXISTS would become a join, planned once (the plan is cached
        -- from the first call, when the tables were empty) as a scan of the whole table.
        IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                   WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
        THEN
          -- Undoes the head's move with the statement.
          RAISE EXCEPTION 'ledger_append: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
        END IF;
        -- Only a caller that still sends its event ids and keys (the previous version, during an upgrade) gets their
        -- lookups. A separate IF, so that no query runs for an empty list (a condition in the query itself measured
        -- 80 µs more per call).
        IF cardinality(p_event_ids) > 0 OR cardinality(p_scopes) > 0 THEN
          IF EXISTS (SELECT 1 FROM unnest(p_event_ids) AS x(id)
                     WHERE (SELECT TRUE FROM ledger_entries e WHERE e.event_id = x.id LIMIT 1))
            OR EXISTS (SELECT 1 FROM unnest(p_scopes, p_keys) AS c(scope, key)
                       WHERE (SELECT TRUE FROM ledger_idempotency i WHERE i.scope = c.scope AND i.key = c.key LIMIT 1))
          THEN
            RAISE EXCEPTION 'ledger_append: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
          END IF;
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint)
          SELECT * FROM unnest(e_position, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                               e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint);
        IF cardinality(pr_position) > 0 THEN
          INSERT INTO ledger_private (position, salt, content) SELECT * FROM unnest(pr_position, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF cardinality(c_scope) > 0 THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            SELECT * FROM unnest(c_scope, c_key, c_request_hash, c_first, c_last);
        END IF;
        INSERT INTO ledger_tree (level, idx, hash) SELECT * FROM unnest(n_level, n_idx, n_hash);
        PERFORM pg_notify('ledger_appended', p_head::text);
        RETURN TRUE;
      END $$;
    `,
  },
  {
    version: 8,
    name: 'merkle nodes in the row of the entry that completes them',
    sql: `
      -- Issue 18, as SQLite's migration 7: the nodes leaf i completes (itself at level 0, then the parents whose last
      -- leaf it is) go into entry i+1's row as it is inserted, their hashes, levels 0, 1, … concatenated
      -- (src/ledger/tree/leaf-nodes.ts): no second INSERT and index per commit. Entries from before this version keep
      -- NULL here and their nodes stay in ledger_tree, read in their place; nothing is moved or rewritten. The CHECK is
      -- NOT VALID only so that adding it does not scan the table: every row already there is NULL, and new rows are checked.
      ALTER TABLE ledger_entries ADD COLUMN tree_nodes BYTEA;
      ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_tree_nodes_check
        CHECK (tree_nodes IS NULL OR (length(tree_nodes) > 0 AND length(tree_nodes) % 32 = 0)) NOT VALID;
      -- The one-round-trip append of this version: migration 7's ledger_append with each entry's nodes in its row,
      -- only the stream versions the writer does not know to check, and without the event id and key lookups (their
      -- UNIQUE keys refuse a stored one as it is inserted).
      -- ledger_append stays for a process of the previous version during an upgrade: its nodes go to ledger_tree,
      -- where this version reads them. That process cannot read the nodes this version writes, so its next append
      -- after one of ours fails (Merkle frontier incomplete) and writes nothing.
      CREATE FUNCTION ledger_commit(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[],
        e_position BIGINT[], e_stream TEXT[], e_version INTEGER[], e_event_id TEXT[], e_type TEXT[], e_schema INTEGER[],
        e_data TEXT[], e_private_digest TEXT[], e_metadata TEXT[], e_recorded_at TEXT[], e_leaf_hash TEXT[], e_fingerprint TEXT[],
        e_tree_nodes BYTEA[],
        pr_position BIGINT[], pr_salt TEXT[], pr_content TEXT[], p_erased BIGINT[],
        c_scope TEXT[], c_key TEXT[], c_request_hash TEXT[], c_first BIGINT[], c_last BIGINT[],
        p_head BIGINT, p_recorded_at TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        -- Moving the head first takes its lock and checks it in one step; a moved head matches no row.
        UPDATE ledger_head SET position = p_head, recorded_at = p_recorded_at WHERE id = 1 AND position = p_size;
        IF NOT FOUND THEN
          RETURN FALSE;
        END IF;
        -- The versions of streams the writer does not know (fast-append.ts): with the head where it left it, nobody
        -- else has written, so those it wrote or read itself still hold. Scalar subqueries, one key lookup each (see
        -- migration 6); no query at all when there are none.
        IF cardinality(p_streams) > 0 THEN
          IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                     WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
          THEN
            -- Undoes the head's move with the statement.
            RAISE EXCEPTION 'ledger_commit: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
          END IF;
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint, tree_nodes)
          SELECT * FROM unnest(e_position, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                               e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint, e_tree_nodes);
        IF cardinality(pr_position) > 0 THEN
          INSERT INTO ledger_private (position, salt, content) SELECT * FROM unnest(pr_position, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF cardinality(c_scope) > 0 THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            SELECT * FROM unnest(c_scope, c_key, c_request_hash, c_first, c_last);
        END IF;
        PERFORM pg_notify('ledger_appended', p_head::text);
        RETURN TRUE;
      END $$;
    `,
  },
  {
    version: 9,
    name: 'one-round-trip commit of one entry',
    sql: `
      -- Issue 18: ledger_commit for the commonest batch, one entry (one command, one event, no other writer in the
      -- group commit), its columns as scalars. Thirteen one-element arrays as text cost the server (array_in) and the
      -- writer (escaping every element) 35-90 µs more per call than the same values as scalars (replays of captured
      -- calls), up to a fifth of a sequential append. The same checks, in the same order; the entry goes at p_size + 1, which the server derives itself, and
      -- at most one private part and one idempotency claim come with it (a claim's commit is this one entry).
      CREATE FUNCTION ledger_commit_entry(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[],
        e_stream TEXT, e_version INTEGER, e_event_id TEXT, e_type TEXT, e_schema INTEGER, e_data TEXT, e_private_digest TEXT,
        e_metadata TEXT, e_recorded_at TEXT, e_leaf_hash TEXT, e_fingerprint TEXT, e_tree_nodes BYTEA,
        pr_salt TEXT, pr_content TEXT, p_erased BIGINT[], c_scope TEXT, c_key TEXT, c_request_hash TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        -- Moving the head first takes its lock and checks it in one step; a moved head matches no row.
        UPDATE ledger_head SET position = p_size + 1, recorded_at = e_recorded_at WHERE id = 1 AND position = p_size;
        IF NOT FOUND THEN
          RETURN FALSE;
        END IF;
        -- Only the versions of streams the writer does not know, as in ledger_commit (migration 8).
        IF cardinality(p_streams) > 0 THEN
          IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                     WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
          THEN
            -- Undoes the head's move with the statement.
            RAISE EXCEPTION 'ledger_commit_entry: the entry was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
          END IF;
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint, tree_nodes)
          VALUES (p_size + 1, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                  e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint, e_tree_nodes);
        IF pr_content IS NOT NULL THEN
          INSERT INTO ledger_private (position, salt, content) VALUES (p_size + 1, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF c_scope IS NOT NULL THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            VALUES (c_scope, c_key, c_request_hash, p_size + 1, p_size + 1);
        END IF;
        PERFORM pg_notify('ledger_appended', (p_size + 1)::text);
        RETURN TRUE;
      END $$;
    `,
  },
  {
    version: 10,
    name: 'appends guarded by the entries, not a head row',
    sql: `
      -- Issue 18: moving (and so locking) the ledger_head row took about 16 µs of the 146 µs of server CPU time a one-entry
      -- append took, and kept every append inside a function. Its two duties are done by the entries themselves:
      --   * dense positions: an append goes at p_size + 1 only if the last entry stored is p_size (0: none), and the
      --     primary key refuses a p_size + 1 another took meanwhile; a rolled-back append leaves no gap, and the next
      --     append cannot skip one;
      --   * one order: an append at p + 1 waits on the primary key for an uncommitted p + 1 and is refused once it
      --     commits, and one at p + 2 is refused until p + 1 is visible, so entries commit in position order.
      -- Every append takes the advisory lock ${APPEND_LOCK} shared for its transaction; a writer that plans on what it
      -- reads (batch-sql.ts) takes it exclusively first, so nobody appends between its read and its commit.
      -- ledger_head stays, as a view of the last entry, for whoever reads it. A process of the previous version keeps
      -- its one-round-trip appends (the functions below keep their signatures) but not its read path, which locks
      -- ledger_head FOR UPDATE: that fails, and writes nothing, until it is upgraded.
      DO $check$
      BEGIN
        IF (SELECT position FROM ledger_head WHERE id = 1) IS DISTINCT FROM (SELECT coalesce(max(position), 0) FROM ledger_entries) THEN
          RAISE EXCEPTION 'ledger_head is not at the last entry: not migrating' USING ERRCODE = 'LDG02';
        END IF;
      END $check$;
      -- Whoever could read the table (a monitoring role, say) can read the view.
      CREATE TEMPORARY TABLE ledger_head_readers ON COMMIT DROP AS
        SELECT grantee FROM information_schema.role_table_grants
         WHERE table_schema = current_schema() AND table_name = 'ledger_head' AND privilege_type = 'SELECT'
           AND grantee <> current_user;
      DROP TABLE ledger_head;
      CREATE VIEW ledger_head AS
        SELECT 1::smallint AS id, coalesce(last.position, 0) AS position, last.recorded_at
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL (SELECT position, recorded_at FROM ledger_entries ORDER BY position DESC LIMIT 1) AS last ON TRUE;
      DO $grant$
      DECLARE reader TEXT;
      BEGIN
        FOR reader IN SELECT grantee FROM ledger_head_readers LOOP
          EXECUTE 'GRANT SELECT ON ledger_head TO ' || CASE WHEN reader = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(reader) END;
        END LOOP;
      END $grant$;

      -- Migration 9's, guarded by the entries.
      CREATE OR REPLACE FUNCTION ledger_commit_entry(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[],
        e_stream TEXT, e_version INTEGER, e_event_id TEXT, e_type TEXT, e_schema INTEGER, e_data TEXT, e_private_digest TEXT,
        e_metadata TEXT, e_recorded_at TEXT, e_leaf_hash TEXT, e_fingerprint TEXT, e_tree_nodes BYTEA,
        pr_salt TEXT, pr_content TEXT, p_erased BIGINT[], c_scope TEXT, c_key TEXT, c_request_hash TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${APPEND_LOCK});
        -- The head is where the writer planned: the last entry is p_size (one probe of the primary key from its end).
        -- Else nothing is written and the writer reads the state and plans again, as when the head row moved.
        IF (SELECT coalesce(max(position), 0) FROM ledger_entries) <> p_size THEN
          RETURN FALSE;
        END IF;
        IF cardinality(p_streams) > 0 THEN
          IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                     WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
          THEN
            RAISE EXCEPTION 'ledger_commit_entry: the entry was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
          END IF;
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint, tree_nodes)
          VALUES (p_size + 1, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                  e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint, e_tree_nodes);
        IF pr_content IS NOT NULL THEN
          INSERT INTO ledger_private (position, salt, content) VALUES (p_size + 1, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF c_scope IS NOT NULL THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            VALUES (c_scope, c_key, c_request_hash, p_size + 1, p_size + 1);
        END IF;
        PERFORM pg_notify('ledger_appended', (p_size + 1)::text);
        RETURN TRUE;
      END $$;

      -- Migration 8's, guarded by the entries.
      CREATE OR REPLACE FUNCTION ledger_commit(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[],
        e_position BIGINT[], e_stream TEXT[], e_version INTEGER[], e_event_id TEXT[], e_type TEXT[], e_schema INTEGER[],
        e_data TEXT[], e_private_digest TEXT[], e_metadata TEXT[], e_recorded_at TEXT[], e_leaf_hash TEXT[], e_fingerprint TEXT[],
        e_tree_nodes BYTEA[],
        pr_position BIGINT[], pr_salt TEXT[], pr_content TEXT[], p_erased BIGINT[],
        c_scope TEXT[], c_key TEXT[], c_request_hash TEXT[], c_first BIGINT[], c_last BIGINT[],
        p_head BIGINT, p_recorded_at TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        -- Without a head row to move, the positions the writer sends are checked to follow p_size, one by one (a loop of
        -- plain expressions: no query).
        IF cardinality(e_position) = 0 OR p_head <> p_size + cardinality(e_position) THEN
          RAISE EXCEPTION 'ledger_commit: positions % do not follow %', e_position, p_size USING ERRCODE = 'LDG02';
        END IF;
        FOR i IN 1 .. cardinality(e_position) LOOP
          IF e_position[i] <> p_size + i THEN
            RAISE EXCEPTION 'ledger_commit: positions % do not follow %', e_position, p_size USING ERRCODE = 'LDG02';
          END IF;
        END LOOP;
        PERFORM pg_advisory_xact_lock_shared(${APPEND_LOCK});
        -- The head is where the writer planned: the last entry is p_size (one probe of the primary key from its end).
        -- Else nothing is written and the writer reads the state and plans again, as when the head row moved.
        IF (SELECT coalesce(max(position), 0) FROM ledger_entries) <> p_size THEN
          RETURN FALSE;
        END IF;
        IF cardinality(p_streams) > 0 THEN
          IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                     WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
          THEN
            RAISE EXCEPTION 'ledger_commit: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
          END IF;
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint, tree_nodes)
          SELECT * FROM unnest(e_position, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                               e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint, e_tree_nodes);
        IF cardinality(pr_position) > 0 THEN
          INSERT INTO ledger_private (position, salt, content) SELECT * FROM unnest(pr_position, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF cardinality(c_scope) > 0 THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            SELECT * FROM unnest(c_scope, c_key, c_request_hash, c_first, c_last);
        END IF;
        PERFORM pg_notify('ledger_appended', p_head::text);
        RETURN TRUE;
      END $$;

      -- Migration 7's (the version before migration 8), guarded by the entries: its nodes still go to ledger_tree.
      CREATE OR REPLACE FUNCTION ledger_append(
        p_size BIGINT, p_streams TEXT[], p_versions INTEGER[], p_event_ids TEXT[], p_scopes TEXT[], p_keys TEXT[],
        e_position BIGINT[], e_stream TEXT[], e_version INTEGER[], e_event_id TEXT[], e_type TEXT[], e_schema INTEGER[],
        e_data TEXT[], e_private_digest TEXT[], e_metadata TEXT[], e_recorded_at TEXT[], e_leaf_hash TEXT[], e_fingerprint TEXT[],
        pr_position BIGINT[], pr_salt TEXT[], pr_content TEXT[], p_erased BIGINT[],
        c_scope TEXT[], c_key TEXT[], c_request_hash TEXT[], c_first BIGINT[], c_last BIGINT[],
        n_level SMALLINT[], n_idx BIGINT[], n_hash BYTEA[], p_head BIGINT, p_recorded_at TEXT
      ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
      BEGIN
        -- Without a head row to move, the positions the writer sends are checked to follow p_size, one by one (a loop of
        -- plain expressions: no query).
        IF cardinality(e_position) = 0 OR p_head <> p_size + cardinality(e_position) THEN
          RAISE EXCEPTION 'ledger_append: positions % do not follow %', e_position, p_size USING ERRCODE = 'LDG02';
        END IF;
        FOR i IN 1 .. cardinality(e_position) LOOP
          IF e_position[i] <> p_size + i THEN
            RAISE EXCEPTION 'ledger_append: positions % do not follow %', e_position, p_size USING ERRCODE = 'LDG02';
          END IF;
        END LOOP;
        PERFORM pg_advisory_xact_lock_shared(${APPEND_LOCK});
        -- The head is where the writer planned: the last entry is p_size (one probe of the primary key from its end).
        -- Else nothing is written and the writer reads the state and plans again, as when the head row moved.
        IF (SELECT coalesce(max(position), 0) FROM ledger_entries) <> p_size THEN
          RETURN FALSE;
        END IF;
        IF EXISTS (SELECT 1 FROM unnest(p_streams, p_versions) AS s(id, v)
                   WHERE coalesce((SELECT max(e.stream_version) FROM ledger_entries e WHERE e.stream_id = s.id), 0) <> s.v)
        THEN
          RAISE EXCEPTION 'ledger_append: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
        END IF;
        IF cardinality(p_event_ids) > 0 OR cardinality(p_scopes) > 0 THEN
          IF EXISTS (SELECT 1 FROM unnest(p_event_ids) AS x(id)
                     WHERE (SELECT TRUE FROM ledger_entries e WHERE e.event_id = x.id LIMIT 1))
            OR EXISTS (SELECT 1 FROM unnest(p_scopes, p_keys) AS c(scope, key)
                       WHERE (SELECT TRUE FROM ledger_idempotency i WHERE i.scope = c.scope AND i.key = c.key LIMIT 1))
          THEN
            RAISE EXCEPTION 'ledger_append: the batch was planned on a state that no longer holds' USING ERRCODE = 'LDG01';
          END IF;
        END IF;
        INSERT INTO ledger_entries (position, stream_id, stream_version, event_id, type, schema_version, data, private_digest,
                                    metadata, recorded_at, leaf_hash, fingerprint)
          SELECT * FROM unnest(e_position, e_stream, e_version, e_event_id, e_type, e_schema, e_data, e_private_digest,
                               e_metadata, e_recorded_at, e_leaf_hash, e_fingerprint);
        IF cardinality(pr_position) > 0 THEN
          INSERT INTO ledger_private (position, salt, content) SELECT * FROM unnest(pr_position, pr_salt, pr_content);
        END IF;
        IF cardinality(p_erased) > 0 THEN
          DELETE FROM ledger_private WHERE position IN (SELECT unnest(p_erased));
        END IF;
        IF cardinality(c_scope) > 0 THEN
          INSERT INTO ledger_idempotency (scope, key, request_hash, first_position, last_position)
            SELECT * FROM unnest(c_scope, c_key, c_request_hash, c_first, c_last);
        END IF;
        INSERT INTO ledger_tree (level, idx, hash) SELECT * FROM unnest(n_level, n_idx, n_hash);
        PERFORM pg_notify('ledger_appended', p_head::text);
        RETURN TRUE;
      END $$;
    `,
  },
];

const MIGRATION_LOCK = 7_310_001;

/** Applies the versions not yet applied, each in its own transaction. */
export async function migratePostgres(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // Several instances may start at once: one migrates, the others wait and find it done.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM ledger_schema_migrations')).rows.map((r) => r.version),
    );
    for (const m of POSTGRES_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO ledger_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
