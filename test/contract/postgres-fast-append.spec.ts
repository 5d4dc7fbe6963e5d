import { expect, jest } from '@jest/globals';
import { Client } from 'pg';
import { ConcurrencyConflictError, EventStore, IdempotencyKeyReusedError, LedgerEntry } from '../../src/ledger/event-store.port';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { fastAppendQuery } from '../../src/ledger/postgres/fast-append';
import { planBatch } from '../../src/ledger/append-plan';
import { rootAt, withNodes } from '../../src/ledger/tree/merkle';
import { newEvent } from '../support/events';
import { createTestDatabase, describePostgres } from '../support/postgres-server';
import { independentLeafHash, referenceRoot } from '../support/reference-merkle';

/** Queries sent by every pg client of this process while `fn` runs: one per round trip. */
async function roundTrips(fn: () => Promise<unknown>): Promise<number> {
  const spy = jest.spyOn(Client.prototype, 'query');
  try {
    await fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

async function all(store: EventStore): Promise<LedgerEntry[]> {
  return store.readAll(0, 10_000);
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
      const leaves = entries.map((e) => Buffer.from(e.leafHash, 'base64'));
      for (const size of [1, 5, 12, leaves.length]) {
        const root = await withNodes(
          (k) => store.readTreeNodes(k),
          (r) => rootAt(size, r),
        );
        expect(root.toString('base64')).toBe(referenceRoot(leaves.slice(0, size)).toString('base64'));
      }
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('still refuses with LDG01 a caller that sends its event ids, as the previous version does during an upgrade', async () => {
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
      const call = fastAppendQuery(state, plan, []);
      const values = [...(call.values as unknown[])];
      values[3] = [stored.eventId];
      await expect(store.query(call.text, values)).rejects.toMatchObject({ code: 'LDG01' });
      expect(await store.head()).toBe(head.position);
      // Without the id it goes through: the lookups run only for a caller that sends them.
      await expect(store.query(call.text, call.values as unknown[])).resolves.toEqual([{ ok: true }]);
      expect(await store.head()).toBe(head.position + 1);
    } finally {
      await store.close();
    }
  });
});
