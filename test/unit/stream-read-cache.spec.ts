import { expect } from '@jest/globals';
import { CommandRunner, type CommandPlan, type LoadedStream } from '../../src/ledger/command-runner';
import type { CorruptionLatch } from '../../src/ledger/corruption-latch';
import type { EventStore, LedgerEntry, StreamWrite } from '../../src/ledger/event-store.port';
import type { LedgerWriter } from '../../src/ledger/ledger-writer';
import type { CommandMeta } from '../../src/ledger/command';
import { StreamReadCache } from '../../src/ledger/stream-read-cache';
import type { LedgerEvent } from '../../events';

/**
 * Issue 18, the soak: every registration read its region-year's whole budget stream from the store, so each cost
 * more than the one before and the service fell behind the 100 commands/s offered as the streams grew. The
 * entries of a serialized stream are kept between commands; each reads only what was appended since.
 */
const BUDGET = 'budget-220102-2024';
const meta: CommandMeta = {
  principal: { id: 'k', role: 'purchaser', regions: ['220000'] },
  correlationId: 'c',
  causationId: 'c',
  requestHash: 'h',
};

const reserved = (streamId: string, streamVersion: number, withPrivate = false): LedgerEntry =>
  ({
    position: streamVersion,
    streamId,
    streamVersion,
    type: 'BudgetReserved',
    schemaVersion: 2,
    data: { projectId: `p${streamVersion}`, amount: 100 },
    ...(withPrivate ? { private: { actor: { name: '张三' } } } : {}),
  }) as unknown as LedgerEntry;

/** A store that honours fromVersion and counts the rows it returns. */
function fakeStore() {
  const streams = new Map<string, LedgerEntry[]>();
  let rows = 0;
  const store = {
    readStream: (id: string, fromVersion = 1) => {
      const found = (streams.get(id) ?? []).filter((e) => e.streamVersion >= fromVersion);
      rows += found.length;
      return Promise.resolve(found);
    },
  };
  const append = (id: string, withPrivate = false): void => {
    const list = streams.get(id) ?? [];
    list.push(reserved(id, list.length + 1, withPrivate));
    streams.set(id, list);
  };
  return { store, streams, append, rows: () => rows };
}

describe('stream read cache: a serialized stream is read from where the last command left it', () => {
  it('100 registrations in one region-year read 100 budget rows from the store, not 4,950, and each decides on the whole stream', async () => {
    const { store, append, rows } = fakeStore();
    const writer = {
      commit: (writes: StreamWrite[]) => {
        for (const w of writes) for (let i = 0; i < w.events.length; i++) append(w.streamId);
        return Promise.resolve({
          streams: writes.map((w) => ({ streamId: w.streamId, version: 1 })),
          entries: [],
          position: 1,
          replayed: false,
        });
      },
    } as unknown as LedgerWriter;
    const latch = { assertWritable: () => undefined } as unknown as CorruptionLatch;
    const runner = new CommandRunner(store as unknown as EventStore, writer, latch, () => new Date('2024-04-01T00:00:00Z'));
    const seen: number[] = [];
    const registration = (i: number): CommandPlan => ({
      primaryStream: BUDGET,
      reads: [BUDGET],
      serializeOn: BUDGET,
      decide: (loaded: ReadonlyMap<string, LoadedStream>) => {
        const budget = loaded.get(BUDGET)!;
        seen.push(budget.entries.length);
        expect(budget.entries.map((e) => e.streamVersion)).toEqual(Array.from({ length: i }, (_, k) => k + 1));
        expect(budget.version).toBe(i);
        return [
          {
            type: 'BudgetReserved',
            schemaVersion: 2,
            data: { region: '220102', fiscalYear: 2024, projectId: `p${i}` },
          } as unknown as LedgerEvent,
        ];
      },
    });
    for (let i = 0; i < 100; i++) await runner.run(meta, registration(i));
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(rows()).toBeLessThanOrEqual(100);
  });

  it('a command that reads its streams only through folds (payments on a contract) reads only the new entries too', async () => {
    const { store, append, rows } = fakeStore();
    const writer = {
      commit: (writes: StreamWrite[]) => {
        for (const w of writes) for (let i = 0; i < w.events.length; i++) append(w.streamId);
        return Promise.resolve({
          streams: writes.map((w) => ({ streamId: w.streamId, version: 1 })),
          entries: [],
          position: 1,
          replayed: false,
        });
      },
    } as unknown as LedgerWriter;
    const latch = { assertWritable: () => undefined } as unknown as CorruptionLatch;
    const runner = new CommandRunner(store as unknown as EventStore, writer, latch, () => new Date('2024-04-01T00:00:00Z'));
    const payment = (i: number): CommandPlan => ({
      primaryStream: 'contract-C1',
      reads: ['contract-C1'],
      foldOnly: true,
      decide: (loaded: ReadonlyMap<string, LoadedStream>) => {
        expect(loaded.get('contract-C1')!.version).toBe(i);
        return [{ type: 'PaymentMade', schemaVersion: 1, data: { contractId: 'C1', paymentId: `pay${i}` } } as unknown as LedgerEvent];
      },
    });
    for (let i = 0; i < 100; i++) await runner.run(meta, payment(i));
    expect(rows()).toBeLessThanOrEqual(100);
  });

  it('entries another process appended arrive with the next read', async () => {
    const { store, append } = fakeStore();
    const cache = new StreamReadCache(store);
    append(BUDGET);
    expect((await cache.read(BUDGET)).map((e) => e.streamVersion)).toEqual([1]);
    append(BUDGET);
    append(BUDGET);
    expect((await cache.read(BUDGET)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });

  it('keeps no private part (an erasure may delete it): only what a fold reads', async () => {
    const { store, append } = fakeStore();
    const cache = new StreamReadCache(store);
    append(BUDGET, true);
    const [kept] = await cache.read(BUDGET);
    expect(kept).toEqual({ streamVersion: 1, type: 'BudgetReserved', schemaVersion: 2, data: { projectId: 'p1', amount: 100 } });
    expect(kept).not.toHaveProperty('private');
  });

  it('a store that answers the whole stream whatever fromVersion is not trusted to continue it: the stream is read again whole', async () => {
    const { store, append } = fakeStore();
    const whole = { readStream: (id: string) => store.readStream(id) };
    const cache = new StreamReadCache(whole);
    append(BUDGET);
    append(BUDGET);
    await cache.read(BUDGET);
    append(BUDGET);
    expect((await cache.read(BUDGET)).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });

  it('is bounded: past its entries, the streams used longest ago are dropped, and a longer stream is not kept', async () => {
    const { store, append, rows } = fakeStore();
    const cache = new StreamReadCache(store, 10);
    for (const id of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) append(id);
    await cache.read('a');
    await cache.read('b');
    await cache.read('a');
    await cache.read('c');
    expect(cache.size()).toEqual({ streams: 2, entries: 8 });
    const before = rows();
    await cache.read('a');
    expect(rows() - before).toBe(0);
    await cache.read('b');
    expect(rows() - before).toBe(4);
    for (let i = 0; i < 11; i++) append('long');
    await cache.read('long');
    expect(cache.size().entries).toBeLessThanOrEqual(10);
  });
});
