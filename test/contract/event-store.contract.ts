import { createHash } from 'node:crypto';
import canonicalizeIndependent from 'canonicalize';
import {
  ConcurrencyConflictError,
  EventIdConflictError,
  EventStore,
  IdempotencyKeyReusedError,
  InvalidAppendError,
  LedgerEntry,
} from '../../src/ledger/event-store.port';
import { newEvent } from '../support/events';
import { independentLeafHash, referenceRoot } from '../support/reference-merkle';
import { consistencyProof, inclusionProof, rootAt, withNodes } from '../../src/ledger/tree/merkle';
import { verifyConsistency, verifyInclusion } from '../../src/ledger/tree/verify';

export interface StoreHarness {
  readonly store: EventStore;
  /** Another handle on the same database, as another process would hold. */
  openSecond(): Promise<EventStore>;
  /** Raw SQL on the database, behind the port's back. */
  exec(sql: string): Promise<void>;
  /** Makes the database itself refuse any entry whose data contains `marker` (a mid-append failure). */
  refuseEntriesContaining(marker: string): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly clock?: () => Date;
}

/** Recomputes a leaf hash with an independent RFC 8785 implementation. */
async function all(store: EventStore): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (;;) {
    const page = await store.readAll(out.length === 0 ? 0 : out[out.length - 1].position, 1000);
    if (page.length === 0) return out;
    out.push(...page);
  }
}

function expectDense(entries: LedgerEntry[]): void {
  expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i + 1));
}

/** The one event-store contract every adapter must pass (DESIGN.md "Tests"). */
export function eventStoreContract(open: (options?: HarnessOptions) => Promise<StoreHarness>): void {
  let h: StoreHarness;
  let store: EventStore;
  beforeEach(async () => {
    h = await open();
    store = h.store;
  });
  afterEach(async () => h.close());

  describe('append', () => {
    it('gives dense 1-based positions and stream versions, and a leaf hash anyone can recompute', async () => {
      const r1 = await store.append('project-a', [newEvent('A', { n: 1 }), newEvent('B', { n: 2, s: 'é\u2028' })], {
        expectedVersion: 'no_stream',
      });
      const r2 = await store.append('project-b', [newEvent('C', { x: [1, 2.5, -0, 1e21] })], { expectedVersion: 'no_stream' });
      expect(r1.entries.map((e) => [e.position, e.streamVersion])).toEqual([
        [1, 1],
        [2, 2],
      ]);
      expect(r1.position).toBe(2);
      expect(r1.streams).toEqual([{ streamId: 'project-a', version: 2 }]);
      expect(r2.entries.map((e) => [e.position, e.streamVersion])).toEqual([[3, 1]]);
      const stored = await all(store);
      expect(stored).toHaveLength(3);
      for (const e of stored) expect(e.leafHash).toBe(independentLeafHash(e));
      expect(stored.map((e) => e.leafHash)).toEqual([...r1.entries, ...r2.entries].map((e) => e.leafHash));
      expect(await store.head()).toBe(3);
      expect(await store.streamVersion('project-a')).toBe(2);
      expect(await store.streamVersion('nobody')).toBe(0);
    });

    it('records metadata and an ISO instant on every entry', async () => {
      const e = newEvent(
        'A',
        {},
        { metadata: { actor: 'key:ab12', role: 'purchaser', correlationId: 'c', causationId: 'k', idempotencyKey: 'idem-1' } },
      );
      const [entry] = (await store.append('s', [e], { expectedVersion: 'any' })).entries;
      expect(entry.metadata).toEqual({
        actor: 'key:ab12',
        role: 'purchaser',
        correlationId: 'c',
        causationId: 'k',
        idempotencyKey: 'idem-1',
      });
      expect(entry.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const [read] = await store.readStream('s');
      expect(read).toEqual(entry);
    });

    it('keeps the private part beside the entry, committed to by a salted digest', async () => {
      const priv = { recipients: [{ name: '张三', idNumber: '220102199001011234' }], internalNote: 'n' };
      const [entry] = (await store.append('s', [newEvent('A', { public: true }, { private: priv })], { expectedVersion: 'any' })).entries;
      const [read] = await store.readStream('s');
      expect(read.private).toEqual(priv);
      const salt = Buffer.from(read.privateSalt!, 'base64');
      expect(salt).toHaveLength(16);
      const digest = createHash('sha256').update(salt).update(canonicalizeIndependent(priv)!, 'utf8').digest('base64');
      expect(read.privateDigest).toBe(digest);
      expect(independentLeafHash(read)).toBe(entry.leafHash);
      expect(JSON.stringify(read.data)).not.toContain('张三');
    });

    it('refuses malformed appends and stores nothing', async () => {
      const bad: [string, () => Promise<unknown>][] = [
        ['no events', () => store.append('s', [], { expectedVersion: 'any' })],
        ['bad stream id', () => store.append('../etc', [newEvent('A')], { expectedVersion: 'any' })],
        ['bad event id', () => store.append('s', [newEvent('A', {}, { eventId: 'a b' })], { expectedVersion: 'any' })],
        ['NaN in data', () => store.append('s', [newEvent('A', { n: Number.NaN })], { expectedVersion: 'any' })],
        [
          'duplicate id',
          () =>
            store.append('s', [newEvent('A', {}, { eventId: 'dup' }), newEvent('B', {}, { eventId: 'dup' })], { expectedVersion: 'any' }),
        ],
        [
          'duplicate id in two streams',
          () =>
            store.commit([
              { streamId: 's', events: [newEvent('A', {}, { eventId: 'dup' })], expectedVersion: 'any' },
              { streamId: 't', events: [newEvent('B', {}, { eventId: 'dup' })], expectedVersion: 'any' },
            ]),
        ],
        [
          'one stream twice',
          () =>
            store.commit([
              { streamId: 's', events: [newEvent('A')], expectedVersion: 'any' },
              { streamId: 's', events: [newEvent('B')], expectedVersion: 'any' },
            ]),
        ],
        ['negative version', () => store.append('s', [newEvent('A')], { expectedVersion: -1 })],
        // PostgreSQL's column is an INTEGER: both adapters refuse what one of them could not store.
        [
          'schemaVersion past 32 bits',
          () => store.append('s', [newEvent('A', {}, { schemaVersion: 2 ** 31 })], { expectedVersion: 'any' }),
        ],
        [
          'no actor',
          () =>
            store.append('s', [newEvent('A', {}, { metadata: { actor: '', role: 'r', correlationId: 'c', causationId: 'c' } })], {
              expectedVersion: 'any',
            }),
        ],
      ];
      for (const [, attempt] of bad) await expect(attempt()).rejects.toBeInstanceOf(InvalidAppendError);
      expect(await store.head()).toBe(0);
    });

    it('never lets recordedAt go backwards along positions, even when the clock does', async () => {
      const times = ['2024-03-01T08:00:00.000Z', '2024-03-01T07:00:00.000Z', '2024-03-01T09:00:00.000Z'];
      const clocked = await open({ clock: () => new Date(times.shift() ?? '2024-03-01T10:00:00.000Z') });
      try {
        for (let i = 0; i < 3; i++) await clocked.store.append('s', [newEvent('A')], { expectedVersion: 'any' });
        const entries = await clocked.store.readStream('s');
        expect(entries.map((e) => e.recordedAt)).toEqual([
          '2024-03-01T08:00:00.000Z',
          '2024-03-01T08:00:00.000Z',
          '2024-03-01T09:00:00.000Z',
        ]);
      } finally {
        await clocked.close();
      }
    });
  });

  describe('optimistic concurrency', () => {
    it('checks the expected version: number, no stream, any', async () => {
      await store.append('s', [newEvent('A'), newEvent('A')], { expectedVersion: 'no_stream' });
      await expect(store.append('s', [newEvent('A')], { expectedVersion: 'no_stream' })).rejects.toMatchObject({
        code: 'CONCURRENCY_CONFLICT',
        actual: 2,
      });
      await expect(store.append('s', [newEvent('A')], { expectedVersion: 1 })).rejects.toBeInstanceOf(ConcurrencyConflictError);
      await expect(store.append('t', [newEvent('A')], { expectedVersion: 3 })).rejects.toMatchObject({
        streamId: 't',
        expected: 3,
        actual: 0,
      });
      expect((await store.append('s', [newEvent('A')], { expectedVersion: 2 })).streams[0].version).toBe(3);
      expect((await store.append('s', [newEvent('A')], { expectedVersion: 'any' })).streams[0].version).toBe(4);
      expect((await store.append('u', [newEvent('A')], { expectedVersion: 0 })).streams[0].version).toBe(1);
      expect(await store.head()).toBe(5);
    });

    it('lets exactly one of several racing writers with the same expected version win', async () => {
      await store.append('s', [newEvent('A')], { expectedVersion: 'no_stream' });
      const second = await h.openSecond();
      try {
        const attempts = Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? second : store).append('s', [newEvent('B', { i })], { expectedVersion: 1 }),
        );
        const results = await Promise.allSettled(attempts);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyConflictError);
        expectDense(await all(store));
        expect(await store.head()).toBe(2);
      } finally {
        await second.close();
      }
    });

    it('commits several streams all-or-nothing', async () => {
      await store.append('budget', [newEvent('FundAllocated')], { expectedVersion: 'no_stream' });
      const conflicting = store.commit([
        { streamId: 'project-1', events: [newEvent('ProjectRegistered')], expectedVersion: 'no_stream' },
        { streamId: 'budget', events: [newEvent('BudgetReserved')], expectedVersion: 0 },
      ]);
      await expect(conflicting).rejects.toBeInstanceOf(ConcurrencyConflictError);
      expect(await store.streamVersion('project-1')).toBe(0);
      const ok = await store.commit([
        { streamId: 'project-1', events: [newEvent('ProjectRegistered')], expectedVersion: 'no_stream' },
        { streamId: 'budget', events: [newEvent('BudgetReserved')], expectedVersion: 1 },
      ]);
      expect(ok.streams).toEqual([
        { streamId: 'project-1', version: 1 },
        { streamId: 'budget', version: 2 },
      ]);
      expect(ok.entries.map((e) => e.position)).toEqual([2, 3]);
    });
  });

  describe('version guards', () => {
    it('commits only while a stream the decision read, but does not write, is still at its version', async () => {
      await store.append('contractor-x', [newEvent('ContractorRegistered')], { expectedVersion: 'no_stream' });
      const guarded = (v: number) =>
        store.commit([
          { streamId: 'project-1', events: [newEvent('ContractorAwarded')], expectedVersion: 'any' },
          { streamId: 'contractor-x', events: [], expectedVersion: v },
        ]);
      const ok = await guarded(1);
      expect(ok.streams).toEqual([{ streamId: 'project-1', version: 1 }]);
      await store.append('contractor-x', [newEvent('ContractorDebarred')], { expectedVersion: 1 });
      await expect(guarded(1)).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 'contractor-x', actual: 2 });
      expect(await store.head()).toBe(3);
      await expect(store.commit([{ streamId: 'contractor-x', events: [], expectedVersion: 2 }])).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.commit([
          { streamId: 'contractor-x', events: [], expectedVersion: 'any' },
          { streamId: 'p', events: [newEvent('A')], expectedVersion: 'any' },
        ]),
      ).rejects.toBeInstanceOf(InvalidAppendError);
    });
  });

  describe('idempotency by event id', () => {
    it('returns the original positions for a re-append of the same events and appends nothing', async () => {
      const events = [newEvent('A', { a: 1 }), newEvent('B', { b: 2 })];
      const first = await store.append('s', events, { expectedVersion: 'no_stream' });
      await store.append('other', [newEvent('C')], { expectedVersion: 'any' });
      // A retry carries the original expectedVersion, which is stale by now: still a replay.
      const again = await store.append('s', events, { expectedVersion: 'no_stream' });
      expect(again.replayed).toBe(true);
      expect(first.replayed).toBe(false);
      expect(again.entries).toEqual(first.entries);
      expect(again.position).toBe(first.position);
      expect(again.streams).toEqual(first.streams);
      expect(await store.head()).toBe(3);
    });

    it('refuses the same id with different content, and a partial re-append', async () => {
      const e = newEvent('A', { a: 1 });
      await store.append('s', [e], { expectedVersion: 'any' });
      await expect(store.append('s', [{ ...e, data: { a: 2 } }], { expectedVersion: 'any' })).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(store.append('t', [e], { expectedVersion: 'any' })).rejects.toBeInstanceOf(EventIdConflictError);
      await expect(store.append('s', [e, newEvent('B')], { expectedVersion: 'any' })).rejects.toBeInstanceOf(EventIdConflictError);
      expect(await store.head()).toBe(1);
    });

    it('treats concurrent retries of one append as one append', async () => {
      const events = [newEvent('A'), newEvent('B')];
      const results = await Promise.all(Array.from({ length: 6 }, () => store.append('s', events, { expectedVersion: 'any' })));
      expect(new Set(results.map((r) => r.position))).toEqual(new Set([2]));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(await store.head()).toBe(2);
    });
  });

  describe('idempotency keys', () => {
    const claim = (key: string, requestHash = 'hash-1', scope = 'key:aaaa') => ({ idempotency: { scope, key, requestHash } });

    it('stores the claim with the commit and replays it for the same request', async () => {
      const first = await store.commit(
        [{ streamId: 's', events: [newEvent('A'), newEvent('B')], expectedVersion: 'no_stream' }],
        claim('k1'),
      );
      expect(await store.findIdempotent('key:aaaa', 'k1')).toEqual({ requestHash: 'hash-1', result: { ...first, replayed: true } });
      // A retry decides again and so carries fresh event ids: the key, not the ids, makes it a replay.
      const again = await store.commit(
        [{ streamId: 's', events: [newEvent('A'), newEvent('B')], expectedVersion: 'no_stream' }],
        claim('k1'),
      );
      expect(again).toEqual({ ...first, replayed: true });
      expect(await store.head()).toBe(2);
    });

    it('refuses the same key for a different request, and keeps scopes apart', async () => {
      await store.commit([{ streamId: 's', events: [newEvent('A')], expectedVersion: 'any' }], claim('k1'));
      await expect(
        store.commit([{ streamId: 's', events: [newEvent('A')], expectedVersion: 'any' }], claim('k1', 'hash-2')),
      ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      expect(await store.head()).toBe(1);
      const other = await store.commit(
        [{ streamId: 's', events: [newEvent('A')], expectedVersion: 'any' }],
        claim('k1', 'hash-2', 'key:bbbb'),
      );
      expect(other.replayed).toBe(false);
      expect(await store.findIdempotent('key:cccc', 'k1')).toBeNull();
    });

    it('stores no claim for a refused commit, and lets concurrent duplicates commit once', async () => {
      await expect(store.commit([{ streamId: 's', events: [newEvent('A')], expectedVersion: 5 }], claim('k2'))).rejects.toBeInstanceOf(
        ConcurrencyConflictError,
      );
      expect(await store.findIdempotent('key:aaaa', 'k2')).toBeNull();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.commit([{ streamId: 's', events: [newEvent('A')], expectedVersion: 'any' }], claim('k2'))),
      );
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect(new Set(results.map((r) => r.position))).toEqual(new Set([1]));
      expect(await store.head()).toBe(1);
    });
  });

  describe('dense positions under concurrency and failure', () => {
    it('stays dense with 8 concurrent writers, two handles, conflicts and appends the database refuses mid-way', async () => {
      await h.refuseEntriesContaining('REFUSED-BY-DB');
      const second = await h.openSecond();
      let expected = 0;
      try {
        const writer = async (w: number): Promise<void> => {
          const s = w % 2 ? second : store;
          for (let i = 0; i < 40; i++) {
            const streamId = `stream-${w}-${i % 5}`;
            const kind = i % 4;
            try {
              if (kind === 1) {
                // Fails mid-way: the database refuses the third event after two were written.
                await s.append(streamId, [newEvent('A'), newEvent('A'), newEvent('A', { m: 'REFUSED-BY-DB' })], { expectedVersion: 'any' });
              } else if (kind === 2) {
                await s.append(streamId, [newEvent('A')], { expectedVersion: 999 });
              } else {
                const r = await s.append(streamId, [newEvent('A', { w, i }), newEvent('B')], { expectedVersion: 'any' });
                expected += r.entries.length;
              }
              if (kind === 1 || kind === 2) throw new Error(`append ${w}/${i} should have failed`);
            } catch (error) {
              if (kind !== 1 && kind !== 2) throw error;
            }
          }
        };
        await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
        const entries = await all(store);
        expect(entries).toHaveLength(expected);
        expect(expected).toBe(8 * 20 * 2);
        expectDense(entries);
        expect(entries.some((e) => JSON.stringify(e.data).includes('REFUSED-BY-DB'))).toBe(false);
        for (const e of entries) expect(e.leafHash).toBe(independentLeafHash(e));
        // Stream versions are dense too.
        const byStream = new Map<string, number[]>();
        for (const e of entries) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.streamVersion]);
        for (const versions of byStream.values()) expect(versions).toEqual(versions.map((_, i) => i + 1));
      } finally {
        await second.close();
      }
    });
  });

  describe('Merkle tree', () => {
    it('grows with every commit, in its transaction: roots and proofs match the entries, through failures and concurrency', async () => {
      await h.refuseEntriesContaining('REFUSED-BY-DB');
      const second = await h.openSecond();
      try {
        await Promise.all(
          Array.from({ length: 6 }, async (_, w) => {
            const s = w % 2 ? second : store;
            for (let i = 0; i < 15; i++) {
              const events = Array.from({ length: 1 + (i % 3) }, (_, k) =>
                newEvent('A', { w, i, k, ...(i % 5 === 4 ? { m: 'REFUSED-BY-DB' } : {}) }),
              );
              await s.append(`tree-${w}`, events, { expectedVersion: 'any' }).catch(() => undefined);
            }
          }),
        );
        const entries = await all(store);
        const leaves = entries.map((e) => Buffer.from(e.leafHash, 'base64'));
        const head = entries.length;
        expect(head).toBeGreaterThan(100);
        for (const size of [1, 2, 3, 64, head - 1, head]) {
          const root = await withNodes(
            (k) => store.readTreeNodes(k),
            (r) => rootAt(size, r),
          );
          expect(root.toString('base64')).toBe(referenceRoot(leaves.slice(0, size)).toString('base64'));
          for (const index of [0, size - 1, Math.floor(size / 2)]) {
            const proof = await withNodes(
              (k) => store.readTreeNodes(k),
              (r) => inclusionProof(index, size, r),
            );
            expect(verifyInclusion(index, size, leaves[index], proof, root)).toBe(true);
          }
        }
        const r1 = await withNodes(
          (k) => store.readTreeNodes(k),
          (r) => rootAt(37, r),
        );
        const r2 = await withNodes(
          (k) => store.readTreeNodes(k),
          (r) => rootAt(head, r),
        );
        const proof = await withNodes(
          (k) => store.readTreeNodes(k),
          (r) => consistencyProof(37, head, r),
        );
        expect(verifyConsistency(37, head, proof, r1, r2)).toBe(true);
      } finally {
        await second.close();
      }
    });

    it('finds no node the ledger does not hold, however far past the head', async () => {
      await store.append('s', [newEvent('A'), newEvent('A'), newEvent('A'), newEvent('A')], { expectedVersion: 'any' });
      const found = await store.readTreeNodes([
        { level: 0, index: 3 },
        { level: 2, index: 0 },
        { level: 0, index: 4 },
        { level: 1, index: 2 },
        // Nodes over more than 2^53 leaves, in no ledger: found nowhere, and no error.
        { level: 2, index: 2 ** 62 },
        { level: 52, index: 2 ** 40 },
        { level: 62, index: 3 },
      ]);
      expect([...found.keys()].sort()).toEqual(['0:3', '2:0']);
    });

    it('keeps one checkpoint per size, forever', async () => {
      await store.append('s', [newEvent('A')], { expectedVersion: 'any' });
      const first = await store.saveCheckpoint({
        size: 1,
        root: Buffer.alloc(32, 1),
        note: 'note-1',
        issuedAt: '2024-01-01T00:00:00.000Z',
      });
      const again = await store.saveCheckpoint({
        size: 1,
        root: Buffer.alloc(32, 2),
        note: 'note-other',
        issuedAt: '2024-01-01T00:00:01.000Z',
      });
      expect(again).toEqual(first);
      expect(await store.checkpoints(0, 10)).toEqual([first]);
      expect(await store.latestCheckpoint()).toEqual(first);
      await expect(h.exec('DELETE FROM ledger_checkpoints')).rejects.toThrow(/immutable|append-only/);
      // The tree's nodes, kept in the rows of the entries that complete them (src/ledger/tree/leaf-nodes.ts).
      await expect(h.exec('UPDATE ledger_entries SET tree_nodes = tree_nodes')).rejects.toThrow(/immutable|append-only/);
    });
  });

  describe('reading', () => {
    it('reads a stream from a version and the whole ledger in pages, in order', async () => {
      for (let i = 0; i < 7; i++) await store.append(i % 2 ? 'odd' : 'even', [newEvent('A', { i })], { expectedVersion: 'any' });
      expect((await store.readStream('even')).map((e) => e.data.i)).toEqual([0, 2, 4, 6]);
      expect((await store.readStream('even', 3)).map((e) => e.data.i)).toEqual([4, 6]);
      expect(await store.readStream('missing')).toEqual([]);
      expect((await store.readAll(0, 3)).map((e) => e.position)).toEqual([1, 2, 3]);
      expect((await store.readAll(3, 3)).map((e) => e.position)).toEqual([4, 5, 6]);
      expect((await store.readAll(6, 3)).map((e) => e.position)).toEqual([7]);
      expect(await store.readAll(7, 3)).toEqual([]);
    });
  });

  describe('catch-up subscription', () => {
    it("replays, then goes live, without missing or repeating an entry, including other handles' appends", async () => {
      for (let i = 0; i < 25; i++) await store.append('s', [newEvent('A', { i })], { expectedVersion: 'any' });
      const second = await h.openSecond();
      const sub = store.subscribe(5, { batchSize: 7 });
      const seen: number[] = [];
      try {
        const consumer = (async () => {
          for await (const e of sub) {
            seen.push(e.position);
            if (seen.length === 20) {
              // Appends while the subscription is still catching up.
              void store.append('s', [newEvent('B')], { expectedVersion: 'any' });
            }
            if (seen.length === 20 + 1 + 10 + 5) break;
          }
        })();
        for (let i = 0; i < 10; i++) await store.append('live', [newEvent('L', { i })], { expectedVersion: 'any' });
        for (let i = 0; i < 5; i++) await second.append('elsewhere', [newEvent('E', { i })], { expectedVersion: 'any' });
        await consumer;
        expect(seen).toEqual(Array.from({ length: 36 }, (_, i) => i + 6));
      } finally {
        sub.close();
        await second.close();
      }
    });

    it('ends the iteration on close', async () => {
      const sub = store.subscribe(0);
      const done = (async () => {
        const got: number[] = [];
        for await (const e of sub) got.push(e.position);
        return got;
      })();
      await store.append('s', [newEvent('A')], { expectedVersion: 'any' });
      await new Promise((r) => setTimeout(r, 50));
      sub.close();
      expect(await done).toEqual([1]);
    });
  });

  describe('erasure of private parts (PIPL art. 47)', () => {
    const priv = (note: string) => ({ private: { internalNote: note } });
    async function threeEntries(): Promise<LedgerEntry[]> {
      await store.append('s', [newEvent('A', {}, priv('one')), newEvent('B', {}, priv('two')), newEvent('C')], { expectedVersion: 'any' });
      return all(store);
    }

    it('deletes the content and salt of the named entries in the commit that appends the erasure; entries and digests stay', async () => {
      const before = await threeEntries();
      await store.commit([{ streamId: 'erasures', events: [newEvent('PrivateDataErased', { positions: [1] })], expectedVersion: 0 }], {
        erasePrivate: [1],
      });
      const [first, second, third] = await all(store);
      expect(first.private).toBeUndefined();
      expect(first.privateSalt).toBeUndefined();
      expect(first.privateDigest).toBe(before[0].privateDigest);
      expect(independentLeafHash(first)).toBe(before[0].leafHash);
      expect(second).toEqual(before[1]);
      expect(third).toEqual(before[2]);
    });

    it('deletes nothing when the commit is refused: never the deletion without the event', async () => {
      const before = await threeEntries();
      const erasure = (expectedVersion: number, marker = 'x') => [
        { streamId: 'erasures', events: [newEvent('PrivateDataErased', { positions: [2], marker })], expectedVersion },
      ];
      await expect(store.commit(erasure(3), { erasePrivate: [2] })).rejects.toBeInstanceOf(ConcurrencyConflictError);
      await h.refuseEntriesContaining('refuse-me');
      // The database's own error (of another realm under jest for SQLite): only that it was refused matters.
      const refused = store.commit(erasure(0, 'refuse-me'), { erasePrivate: [2] }).then(
        () => 'committed',
        () => 'refused',
      );
      expect(await refused).toBe('refused');
      await expect(store.commit(erasure(0), { erasePrivate: [0] })).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(store.commit(erasure(0), { erasePrivate: [4] })).rejects.toBeInstanceOf(InvalidAppendError);
      expect(await all(store)).toEqual(before);
    });
  });

  describe('immutability', () => {
    it('refuses UPDATE and DELETE of entries at the database', async () => {
      await store.append('s', [newEvent('A', { v: 1 })], { expectedVersion: 'any' });
      await expect(h.exec('UPDATE ledger_entries SET data = \'{"v":2}\' WHERE position = 1')).rejects.toThrow(/immutable|append-only/);
      await expect(h.exec('DELETE FROM ledger_entries WHERE position = 1')).rejects.toThrow(/immutable|append-only/);
      const [e] = await store.readAll(0, 1);
      expect(e.data).toEqual({ v: 1 });
    });

    it('has no update or delete operation on the port', () => {
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store));
      expect(methods.filter((m) => /update|delete|remove|edit|truncate/i.test(m))).toEqual([]);
    });
  });
}
