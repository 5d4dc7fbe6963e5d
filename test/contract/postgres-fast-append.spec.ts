import { expect, jest } from '@jest/globals';
import { Client, QueryConfig } from 'pg';
import { ConcurrencyConflictError, EventStore, IdempotencyKeyReusedError, LedgerEntry } from '../../src/ledger/event-store.port';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { batchCommitQuery, treeNodesOf } from '../../src/ledger/postgres/fast-append';
import { int8Array } from '../../src/ledger/postgres/binary-array';
import { BatchPlan, BatchState, planBatch } from '../../src/ledger/append-plan';
import { frontierOf } from '../../src/ledger/tree/merkle';
import { newEvent } from '../support/events';
import { createTestDatabase, describePostgres } from '../support/postgres-server';
import { idleRunning, interceptWriter, waitFor } from '../support/postgres-activity';
import { withClient } from '../support/postgres-client';
import { APPEND_LOCK, POSTGRES_MIGRATIONS } from '../../src/ledger/postgres/migrations';
import { independentLeafHash } from '../support/reference-merkle';
import { checkRoots } from '../support/tree-roots';

/** The queries every pg client of this process sent while `fn` ran, one per round trip. */
async function queriesDuring(fn: () => Promise<unknown>): Promise<{ name?: string; values?: unknown[] }[]> {
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    await fn();
    return spy.mock.calls.map(([config]) => config as unknown as { name?: string; values?: unknown[] });
  } finally {
    spy.mockRestore();
  }
}

/** What a sent query opens with: a text query's first word, or a named statement's name. */
const opening = (c: unknown): unknown => (typeof c === 'string' ? c.trim().split(/\s/)[0] : (c as { name?: string }).name);

const roundTrips = async (fn: () => Promise<unknown>): Promise<number> => (await queriesDuring(fn)).length;

/** The strings of a one-dimensional text[] in PostgreSQL's binary format (src/ledger/postgres/binary-array.ts), read here on their own. */
function readTextArray(b: Buffer): string[] {
  if (b.readInt32BE(0) === 0) return [];
  const out: string[] = [];
  for (let i = 0, at = 20; i < b.readInt32BE(12); i++) {
    const n = b.readInt32BE(at);
    out.push(b.toString('utf8', at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/**
 * The streams each one-round-trip statement made while `fn` ran asked the server to check (p_streams of either function;
 * none for the INSERT of a plain entry, which is sent only when there are none).
 */
const checkedStreams = async (fn: () => Promise<unknown>): Promise<string[][]> =>
  (await queriesDuring(fn)).flatMap((c) =>
    c.name === 'ledger-commit' || c.name === 'ledger-commit-entry'
      ? [readTextArray(c.values![1] as Buffer)]
      : c.name === 'ledger-insert-entry'
        ? [[]]
        : [],
  );

async function all(store: EventStore): Promise<LedgerEntry[]> {
  return store.readAll(0, 10_000);
}

/**
 * The call the previous version (migration 7's ledger_append) makes for a plan: the batch's event ids and keys for the
 * server to look up, the entries without their nodes, which go to ledger_tree.
 */
function previousVersionCall(
  state: BatchState,
  frontier: ReadonlyMap<string, Buffer>,
  plan: BatchPlan,
  eventIds: string[],
): { text: string; values: unknown[] } {
  const nodes = treeNodesOf(state.tip.position, frontier, plan);
  const v = batchCommitQuery(state, plan, nodes, state.versions).values as unknown[];
  // ledger_commit's: size, streams, versions, 12 entry columns, tree_nodes, 3 private, erased, 5 claim, head, recorded_at.
  const values = [
    ...v.slice(0, 3),
    eventIds,
    [],
    [],
    ...v.slice(3, 15),
    ...v.slice(16, 25),
    nodes.map((n) => n.level),
    nodes.map((n) => n.index),
    nodes.map((n) => n.hash),
    ...v.slice(25),
  ];
  return { text: `SELECT ledger_append(${values.map((_, i) => `$${i + 1}`).join(',')}) AS ok`, values };
}

describePostgres('PostgreSQL appends in one round trip (issue 18)', () => {
  it('commits an append with an expected version in one round trip while its writer is the last to have written, else reads first', async () => {
    const url = await createTestDatabase('fastappend');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    const other = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      const versions = new Map<string, number>();
      const append = async (s: PostgresEventStore, stream: string, n = 1): Promise<void> => {
        const r = await s.append(
          stream,
          Array.from({ length: n }, () => newEvent('A', { stream })),
          { expectedVersion: versions.get(stream) ?? 0 },
        );
        versions.set(stream, r.streams[0].version);
      };
      await append(store, 'a'); // the first commit reads: the writer knows no head yet
      expect(
        await roundTrips(async () => {
          for (let i = 0; i < 10; i++) await append(store, `s-${i % 3}`, 1 + (i % 2));
        }),
      ).toBe(10);
      // Another process wrote: the one-statement attempt writes nothing, the append reads, then commits.
      await append(other, 'b');
      expect(await roundTrips(() => append(store, 'a'))).toBe(3);
      expect(await roundTrips(() => append(store, 'a'))).toBe(1);
      // A stale expected version is refused with the stream's real version, and nothing is written.
      const head = await store.head();
      await expect(store.append('a', [newEvent('A')], { expectedVersion: 1 })).rejects.toEqual(new ConcurrencyConflictError('a', 1, 3));
      expect(await store.head()).toBe(head);
      // A retry of a stored event is a replay, not a second entry.
      const event = newEvent('A');
      const first = await store.append('c', [event], { expectedVersion: 0 });
      const retry = await store.append('c', [event], { expectedVersion: 0 });
      expect(retry).toMatchObject({ replayed: true, position: first.position });

      // The same retry stating the stream's current version gets past the version check: the event id's UNIQUE key
      // refuses the one-statement attempt (migration 7), and the read path finds the replay.
      const current = await store.head();
      const again = await roundTrips(async () =>
        expect(await store.append('c', [event], { expectedVersion: 1 })).toMatchObject({ replayed: true, position: first.position }),
      );
      expect(again).toBe(3);
      expect(await store.head()).toBe(current);
      // So does an idempotency key already stored, whatever the events: a replay of the same request, a refusal of another.
      const claim = { scope: 'key:fast', key: 'k-1', requestHash: 'h-1' };
      const claimed = await store.commit([{ streamId: 'd', events: [newEvent('A')], expectedVersion: 0 }], { idempotency: claim });
      await expect(
        store.commit([{ streamId: 'd', events: [newEvent('A')], expectedVersion: 1 }], { idempotency: claim }),
      ).resolves.toMatchObject({ replayed: true, position: claimed.position });
      await expect(
        store.commit([{ streamId: 'd', events: [newEvent('A')], expectedVersion: 1 }], { idempotency: { ...claim, requestHash: 'h-2' } }),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await store.head()).toBe(claimed.position);

      const entries = await all(store);
      expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i + 1));
      for (const e of entries) expect(e.leafHash).toBe(independentLeafHash(e));
      expect(await checkRoots(store)).toBe(entries.length);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('forgets the head when its writer connection is lost: the first append on the next one reads it under the lock', async () => {
    const url = await createTestDatabase('fastdrop');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await store.append('a', [newEvent('A')], { expectedVersion: 0 });
      expect(await roundTrips(() => store.append('a', [newEvent('A')], { expectedVersion: 1 }))).toBe(1);
      // Lost while idle (a restart, a failover: the next connection may reach a server where position 2 holds another entry).
      const [writer] = await idleRunning(store, 'INSERT INTO ledger_entries%');
      await store.query('SELECT pg_terminate_backend($1)', [writer.pid]);
      // Once the store has seen the loss, a connection of its own listens again.
      await waitFor(async () => (await idleRunning(store, 'LISTEN%')).length === 1);
      const sent = await queriesDuring(() => store.append('a', [newEvent('A')], { expectedVersion: 2 }));
      expect(sent.map(opening)).toEqual(['LISTEN', 'BEGIN;', 'INSERT']);
      expect(await roundTrips(() => store.append('a', [newEvent('A')], { expectedVersion: 3 }))).toBe(1);
      expect((await all(store)).map((e) => e.position)).toEqual([1, 2, 3, 4]);
    } finally {
      await store.close();
    }
  });

  it('asks the server to check only the stream versions its writer does not know, and forgets them once another wrote', async () => {
    const url = await createTestDatabase('fastknown');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    const other = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await store.append('a', [newEvent('A')], { expectedVersion: 0 }); // read first: the writer knew nothing
      // 'a' it wrote, 'b' it has never seen.
      expect(
        await checkedStreams(() =>
          store.commit([
            { streamId: 'a', events: [newEvent('A')], expectedVersion: 1 },
            { streamId: 'b', events: [newEvent('A')], expectedVersion: 'no_stream' },
          ]),
        ),
      ).toEqual([['b']]);
      expect(await checkedStreams(() => store.append('b', [newEvent('A')], { expectedVersion: 1 }))).toEqual([[]]);
      // 'any' of a known stream needs no read either.
      expect(await roundTrips(() => store.append('a', [newEvent('A')], { expectedVersion: 'any' }))).toBe(1);
      // A stale expected version of a known stream: refused with its real version, nothing written.
      await expect(store.append('a', [newEvent('A')], { expectedVersion: 2 })).rejects.toEqual(new ConcurrencyConflictError('a', 2, 3));
      expect(await store.head()).toBe(5);
      // The refusal was read under the append lock; what the writer knows starts over from there.
      expect(await checkedStreams(() => store.append('a', [newEvent('A')], { expectedVersion: 3 }))).toEqual([['a']]);
      // Another process writes 'a'. This writer, which knows 'a' at 4, reads before it appends with 5 expected (two round
      // trips, not a one-statement attempt first), and learns 'a' anew.
      await other.append('a', [newEvent('A')], { expectedVersion: 4 });
      expect(await roundTrips(() => store.append('a', [newEvent('A')], { expectedVersion: 5 }))).toBe(2);
      expect(await checkedStreams(() => store.append('a', [newEvent('A')], { expectedVersion: 6 }))).toEqual([[]]);
      // What it knew of 'a' no longer holds once another wrote it: its expectation is refused with the real version.
      await other.append('a', [newEvent('A')], { expectedVersion: 7 });
      await expect(store.append('a', [newEvent('A')], { expectedVersion: 7 })).rejects.toEqual(new ConcurrencyConflictError('a', 7, 8));
      // A stream only another process wrote is checked by the server, whether the expectation is past its version (which
      // no UNIQUE key would catch: it would leave a gap) or behind it. The call is refused (LDG01) and writes nothing;
      // the read path answers with the real version.
      await other.append('u', [newEvent('A')], { expectedVersion: 0 });
      await store.append('a', [newEvent('A')], { expectedVersion: 8 }); // reads: the head moved
      for (const expected of [5, 0]) {
        const head = await store.head();
        let refusal: unknown;
        const sent = await checkedStreams(() =>
          store.append('u', [newEvent('A')], { expectedVersion: expected }).catch((e: unknown) => (refusal = e)),
        );
        expect([sent, refusal]).toEqual([[['u']], new ConcurrencyConflictError('u', expected, 1)]);
        expect(await store.head()).toBe(head);
      }
      const entries = await all(store);
      expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i + 1));
      expect(entries.filter((e) => e.streamId === 'a').map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(entries.filter((e) => e.streamId === 'u').map((e) => e.streamVersion)).toEqual([1]);
      await checkRoots(store);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('commits one entry as scalars (ledger_commit_entry), with its private part, its claim or erasures, and more than one as arrays', async () => {
    const url = await createTestDatabase('fastentry');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await store.append('p', [newEvent('A')], { expectedVersion: 0 }); // reads first
      const calls = async (fn: () => Promise<unknown>): Promise<(string | undefined)[]> => (await queriesDuring(fn)).map((c) => c.name);
      // A private part, then a claim: one call of ledger_commit_entry each.
      expect(
        await calls(() => store.append('p', [newEvent('A', {}, { private: { internalNote: 'one' } })], { expectedVersion: 1 })),
      ).toEqual(['ledger-commit-entry']);
      const claim = { scope: 'key:entry', key: 'k-1', requestHash: 'h-1' };
      expect(
        await calls(() => store.commit([{ streamId: 'q', events: [newEvent('A')], expectedVersion: 0 }], { idempotency: claim })),
      ).toEqual(['ledger-commit-entry']);
      expect(await store.findIdempotent(claim.scope, claim.key)).toMatchObject({ requestHash: 'h-1', result: { position: 3 } });
      expect(await store.query('SELECT first_position, last_position FROM ledger_idempotency')).toEqual([
        { first_position: 3, last_position: 3 },
      ]);
      // Two entries in one commit go as arrays (ledger_commit), one private part among them.
      expect(
        await calls(() =>
          store.append('p', [newEvent('B'), newEvent('B', {}, { private: { internalNote: 'two' } })], { expectedVersion: 2 }),
        ),
      ).toEqual(['ledger-commit']);
      expect(await store.query('SELECT position, content FROM ledger_private ORDER BY position')).toEqual([
        { position: 2, content: '{"internalNote":"one"}' },
        { position: 5, content: '{"internalNote":"two"}' },
      ]);
      // An erasure of one of them, by one entry (the VACUUM after it is a second query, not a second round trip of the commit).
      const erasing = await calls(() =>
        store.commit([{ streamId: 'erasures', events: [newEvent('PrivateDataErased', { positions: [2] })], expectedVersion: 0 }], {
          erasePrivate: [2],
        }),
      );
      expect(erasing[0]).toBe('ledger-commit-entry');
      expect(await store.query('SELECT position FROM ledger_private')).toEqual([{ position: 5 }]);
      // A replayed claim is refused by the server's key as before (ledger_idempotency_pkey) and answered by the read path.
      await expect(
        store.commit([{ streamId: 'q', events: [newEvent('A')], expectedVersion: 1 }], { idempotency: claim }),
      ).resolves.toMatchObject({ replayed: true, position: 3 });
      const entries = await all(store);
      expect(entries.map((e) => [e.position, e.streamId, e.streamVersion])).toEqual([
        [1, 'p', 1],
        [2, 'p', 2],
        [3, 'q', 1],
        [4, 'p', 3],
        [5, 'p', 4],
        [6, 'erasures', 1],
      ]);
      for (const e of entries) expect(e.leafHash).toBe(independentLeafHash(e));
      expect(await checkRoots(store)).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('gives ledger_commit_entry no position to take (the server derives it from the head); a statement on a head that moved, or is not there, writes nothing', async () => {
    const url = await createTestDatabase('fastentrypos');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await store.append('a', [newEvent('A')], { expectedVersion: 0 });
      // The function's whole signature: no position among it, so a caller cannot leave a gap; the entry goes at p_size + 1.
      const args = await store.query<{ args: string }>("SELECT pg_get_function_identity_arguments('ledger_commit_entry'::regproc) AS args");
      expect(args[0].args.split(', ')).toEqual([
        'p_size bigint',
        'p_streams text[]',
        'p_versions integer[]',
        'e_stream text',
        'e_version integer',
        'e_event_id text',
        'e_type text',
        'e_schema integer',
        'e_data text',
        'e_private_digest text',
        'e_metadata text',
        'e_recorded_at text',
        'e_leaf_hash text',
        'e_fingerprint text',
        'e_tree_nodes bytea',
        'pr_salt text',
        'pr_content text',
        'p_erased bigint[]',
        'c_scope text',
        'c_key text',
        'c_request_hash text',
      ]);
      // A statement on a head that has moved, or that it takes to be further than it is (migration 10's guard), writes
      // nothing: the INSERT of a plain entry inserts no row, ledger_commit_entry (an entry with a private part) and
      // ledger_commit (two entries) return false.
      await store.append('a', [newEvent('A')], { expectedVersion: 1 });
      const spy = jest.spyOn(Client.prototype, 'query');
      let sent: { name: string; text: string; values: unknown[] }[];
      try {
        await store.append('a', [newEvent('A')], { expectedVersion: 2 });
        await store.append('a', [newEvent('A', {}, { private: { internalNote: 'n' } })], { expectedVersion: 3 });
        await store.append('a', [newEvent('A'), newEvent('A')], { expectedVersion: 4 });
        sent = spy.mock.calls.map(([c]) => c as unknown as { name: string; text: string; values: unknown[] });
      } finally {
        spy.mockRestore();
      }
      expect(sent.map((c) => c.name)).toEqual(['ledger-insert-entry', 'ledger-commit-entry', 'ledger-commit']);
      const [plain, withPrivate, batch] = sent;
      // ledger_commit's size, positions and head (its arguments 1, 4 and 26), the rest as sent.
      const batchAt = (size: number, positions: number[], head: number): unknown[] => [
        size,
        ...batch.values.slice(1, 3),
        int8Array(positions),
        ...batch.values.slice(4, 25),
        head,
        ...batch.values.slice(26),
      ];
      for (const size of [0, 1, 3, 4, 5, 7, 10]) {
        expect((await store.pool.query(plain.text, [size, ...plain.values.slice(1)])).rowCount).toBe(0);
        expect(await store.query(withPrivate.text, [size, ...withPrivate.values.slice(1)])).toEqual([{ ok: false }]);
        expect(await store.query(batch.text, batchAt(size, [size + 1, size + 2], size + 2))).toEqual([{ ok: false }]);
      }
      // Without a head row, ledger_commit refuses positions that do not follow the size one by one, or a head past them.
      await expect(store.query(batch.text, batchAt(6, [7, 9], 8))).rejects.toMatchObject({ code: 'LDG02' });
      await expect(store.query(batch.text, batchAt(6, [8, 7], 8))).rejects.toMatchObject({ code: 'LDG02' });
      await expect(store.query(batch.text, batchAt(6, [7, 8], 9))).rejects.toMatchObject({ code: 'LDG02' });
      await expect(store.query(batch.text, batchAt(6, [], 6))).rejects.toMatchObject({ code: 'LDG02' });
      expect(await store.head()).toBe(6);
      expect((await all(store)).map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await checkRoots(store)).toBe(6);
    } finally {
      await store.close();
    }
  });

  it('answers a version past 2^31 - 1, which no binary int4 array can carry, on the read path and keeps its connection', async () => {
    const url = await createTestDatabase('fastrange');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await store.append('a', [newEvent('A')], { expectedVersion: 0 });
      const big = 3_000_000_000;
      // Two entries (ledger_commit's arrays) expecting a stream the writer does not know at that version: refused with its
      // real version, as any stale expectation.
      const sent = await queriesDuring(() =>
        expect(store.append('b', [newEvent('A'), newEvent('A')], { expectedVersion: big })).rejects.toEqual(
          new ConcurrencyConflictError('b', big, 0),
        ),
      );
      // No one-round-trip call was sent: the read path, on the same connection (a new one would LISTEN first).
      expect(sent.map(opening)).toEqual(['BEGIN;', 'COMMIT']);
      const next = await queriesDuring(() => store.append('a', [newEvent('A'), newEvent('A')], { expectedVersion: 1 }));
      expect(next.map((c) => c.name)).toEqual(['ledger-commit']);
      expect((await all(store)).map((e) => e.position)).toEqual([1, 2, 3]);
    } finally {
      await store.close();
    }
  });

  it('serves a process of the previous version during an upgrade: LDG01 for its event ids, its nodes read from ledger_tree', async () => {
    const url = await createTestDatabase('fastappendold');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      const stored = newEvent('A');
      await store.append('x', [stored], { expectedVersion: 0 });
      const [head] = await store.query<{ position: number; recorded_at: string }>('SELECT position, recorded_at FROM ledger_head');
      const state = {
        tip: { position: head.position, recordedAt: head.recorded_at },
        versions: new Map([['y', 0]]),
        existing: new Map(),
        claims: new Map(),
      };
      // A new event for a new stream, but the call names a stored event id as the batch's, as migration 6's callers do.
      const plan = planBatch([{ writes: [{ streamId: 'y', events: [newEvent('A')], expectedVersion: 0 }] }], state, new Date());
      const frontier = await store.readTreeNodes(frontierOf(head.position));
      const named = previousVersionCall(state, frontier, plan, [stored.eventId]);
      await expect(store.query(named.text, named.values)).rejects.toMatchObject({ code: 'LDG01' });
      expect(await store.head()).toBe(head.position);
      // Without the id it goes through: the lookups run only for a caller that sends them.
      const call = previousVersionCall(state, frontier, plan, []);
      await expect(store.query(call.text, call.values)).resolves.toEqual([{ ok: true }]);
      expect(await store.head()).toBe(head.position + 1);
      // Its entry's nodes are in ledger_tree (level 0 of leaf 1, level 1 over leaves 0–1), the entry's row has none;
      // this version reads them there, and its own appends go on from them.
      expect(await store.query('SELECT level, idx FROM ledger_tree ORDER BY level, idx')).toEqual([
        { level: 0, idx: 1 },
        { level: 1, idx: 0 },
      ]);
      expect(await store.query('SELECT position, tree_nodes IS NULL AS old FROM ledger_entries ORDER BY position')).toEqual([
        { position: 1, old: false },
        { position: 2, old: true },
      ]);
      // Those nodes stay as immutable as the entries.
      await expect(store.query('DELETE FROM ledger_tree')).rejects.toThrow(/immutable|append-only/);
      for (let i = 0; i < 9; i++) await store.append(`z-${i % 2}`, [newEvent('A', { i })], { expectedVersion: 'any' });
      await checkRoots(store);
    } finally {
      await store.close();
    }
  });

  it('holds every append while a writer that reads holds the append lock exclusively, and goes on at the next position after', async () => {
    const url = await createTestDatabase('appendlock');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await store.append('a', [newEvent('A')], { expectedVersion: 0 });
      await store.append('a', [newEvent('A')], { expectedVersion: 1 });
      await withClient(url, async (reader) => {
        await reader.query('BEGIN');
        await reader.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
        let settled = false;
        // A plain entry (the INSERT) and one with a private part (ledger_commit_entry), one after the other.
        const pending = store
          .append('a', [newEvent('A')], { expectedVersion: 2 })
          .then(() => store.append('a', [newEvent('A', {}, { private: { internalNote: 'n' } })], { expectedVersion: 3 }))
          .finally(() => (settled = true));
        await waitFor(async () => (await store.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).length === 1);
        expect(settled).toBe(false);
        expect(await store.head()).toBe(2);
        await reader.query('COMMIT');
        await expect(pending).resolves.toMatchObject({ position: 4 });
      });
      expect((await all(store)).map((e) => e.position)).toEqual([1, 2, 3, 4]);
    } finally {
      await store.close();
    }
  });

  it('waits on the primary key for an entry another connection has not committed at its position: goes in if that rolls back, replays it if it commits', async () => {
    const url = await createTestDatabase('fastpk');
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      await withClient(url, async (other) => {
        // While `racing`, the other connection sends the writer's own INSERT first, in a transaction it ends once the
        // writer's is waiting on it: both found the head in place, so only the primary key tells them apart.
        let racing = false;
        interceptWriter(store, async (query) => {
          if (!racing || (query as QueryConfig).name !== 'ledger-insert-entry') return;
          racing = false;
          await other.query('BEGIN');
          await other.query(query as QueryConfig);
        });
        await store.append('a', [newEvent('A')], { expectedVersion: 0 }); // reads first
        for (const [version, end] of [
          [1, 'ROLLBACK'],
          [2, 'COMMIT'],
        ] as const) {
          racing = true;
          const pending = store.append('a', [newEvent('A')], { expectedVersion: version });
          await waitFor(
            async () => (await store.query("SELECT 1 FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted")).length === 1,
          );
          await other.query(end);
          // Rolled back: the writer's INSERT goes in. Committed: refused by the key, the writer reads and finds its event.
          await expect(pending).resolves.toMatchObject({ position: version + 1, replayed: end === 'COMMIT' });
        }
      });
      await store.append('a', [newEvent('A')], { expectedVersion: 3 });
      expect((await all(store)).map((e) => [e.position, e.streamVersion])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
        [4, 4],
      ]);
      expect(await checkRoots(store)).toBe(4);
    } finally {
      await store.close();
    }
  });

  it('upgrades a ledger written before migration 10: ledger_head becomes a view of the last entry, and appends go on', async () => {
    // A ledger of the previous version: migrations 1 to 9, three entries, its head row on the last.
    const source = await PostgresEventStore.open(await createTestDatabase('upgradesrc'), { pollMs: 100 });
    let rows: Record<string, unknown>[];
    try {
      await source.append('a', [newEvent('A')], { expectedVersion: 0 });
      await source.append('a', [newEvent('A')], { expectedVersion: 1 });
      await source.append('b', [newEvent('B'), newEvent('B')], { expectedVersion: 0 });
      rows = await source.query('SELECT * FROM ledger_entries ORDER BY position');
    } finally {
      await source.close();
    }
    const previousVersion = async (headAt: number): Promise<string> => {
      const url = await createTestDatabase('upgrade');
      await withClient(url, async (c) => {
        await c.query(
          'CREATE TABLE ledger_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
        );
        for (const m of POSTGRES_MIGRATIONS.filter((v) => v.version < 10)) {
          await c.query(m.sql);
          await c.query('INSERT INTO ledger_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        }
        for (const row of rows) {
          const nodes = `\\x${(row.tree_nodes as Buffer).toString('hex')}`;
          await c.query('INSERT INTO ledger_entries SELECT * FROM json_populate_record(NULL::ledger_entries, $1)', [
            { ...row, tree_nodes: nodes },
          ]);
        }
        await c.query('UPDATE ledger_head SET position = $1, recorded_at = $2', [headAt, rows[headAt - 1].recorded_at]);
      });
      return url;
    };
    // A head row that is not on the last entry is not papered over: nothing is migrated, the store does not open.
    const torn = await previousVersion(3);
    await expect(PostgresEventStore.open(torn)).rejects.toMatchObject({ code: 'LDG02' });
    await withClient(torn, async (c) => {
      expect((await c.query('SELECT max(version) AS v FROM ledger_schema_migrations')).rows).toEqual([{ v: 9 }]);
      expect((await c.query("SELECT relkind FROM pg_class WHERE relname = 'ledger_head'")).rows).toEqual([{ relkind: 'r' }]);
    });
    const url = await previousVersion(4);
    // A role that could read the head row (a monitoring role) can read the view.
    const monitor = `ledger_monitor_${Date.now()}`;
    await withClient(url, async (c) => {
      await c.query(`CREATE ROLE ${monitor}`);
      await c.query(`GRANT SELECT ON ledger_head TO ${monitor}`);
    });
    const store = await PostgresEventStore.open(url, { pollMs: 100 });
    try {
      expect(await store.query("SELECT relkind FROM pg_class WHERE relname = 'ledger_head'")).toEqual([{ relkind: 'v' }]);
      expect(await store.query('SELECT id, position, recorded_at FROM ledger_head')).toEqual([
        { id: 1, position: 4, recorded_at: rows[3].recorded_at },
      ]);
      expect(await store.head()).toBe(4);
      expect(await store.query("SELECT has_table_privilege($1, 'ledger_head', 'SELECT') AS can", [monitor])).toEqual([{ can: true }]);
      // The previous version's read path locks the head row and its write moves it: both are refused, so it writes nothing.
      await expect(store.query('SELECT position, recorded_at FROM ledger_head WHERE id = 1 FOR UPDATE')).rejects.toThrow();
      await expect(store.query('UPDATE ledger_head SET position = 5 WHERE id = 1')).rejects.toThrow();
      await store.append('a', [newEvent('A')], { expectedVersion: 2 }); // reads first: the writer knows no head yet
      await store.append('a', [newEvent('A')], { expectedVersion: 3 });
      expect((await all(store)).map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await checkRoots(store)).toBe(6);
    } finally {
      await store.close();
    }
    // An empty ledger's head is 0, with no time.
    const empty = await PostgresEventStore.open(await createTestDatabase('upgradeempty'), { pollMs: 100 });
    try {
      expect(await empty.query('SELECT id, position, recorded_at FROM ledger_head')).toEqual([{ id: 1, position: 0, recorded_at: null }]);
    } finally {
      await empty.close();
    }
  });
});
