import { expect } from '@jest/globals';
import type { LedgerEntry } from '../../src/ledger/event-store.port';
import { StreamCache } from '../../src/ledger/stream-cache';
import { stateOf } from '../../src/ledger/fold';
import { CURRENT_SCHEMA_VERSION } from '../../events';

/** Issue 18: the serialized stream (a region-year's budget) is read and folded from where the last command stopped. */
const entry = (streamId: string, streamVersion: number, extra: Partial<LedgerEntry> = {}): LedgerEntry =>
  ({
    streamId,
    streamVersion,
    position: streamVersion,
    type: 'ContractorRegistered',
    schemaVersion: CURRENT_SCHEMA_VERSION.ContractorRegistered,
    data: { n: streamVersion },
    ...extra,
  }) as unknown as LedgerEntry;

function store(capacity = 100): {
  reads: [string, number][];
  append(id: string, n: number, extra?: Partial<LedgerEntry>): void;
  cache: StreamCache;
} {
  const streams = new Map<string, LedgerEntry[]>();
  const reads: [string, number][] = [];
  return {
    reads,
    append: (id, n, extra) => {
      const s = streams.get(id) ?? [];
      for (let i = 0; i < n; i++) s.push(entry(id, s.length + 1, extra));
      streams.set(id, s);
    },
    cache: new StreamCache(async (id, from) => {
      reads.push([id, from]);
      await Promise.resolve();
      return (streams.get(id) ?? []).slice(from - 1);
    }, capacity),
  };
}

describe('StreamCache (issue 18)', () => {
  it('reads only the entries appended since the last read', async () => {
    const s = store();
    s.append('b', 3);
    expect((await s.cache.read('b')).entries.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    s.append('b', 2);
    expect((await s.cache.read('b')).entries.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    expect((await s.cache.read('b')).entries).toHaveLength(5);
    expect(s.reads).toEqual([
      ['b', 1],
      ['b', 4],
      ['b', 6],
    ]);
  });

  it('keeps no private part in memory', async () => {
    const s = store();
    s.append('b', 2, { private: { actor: { name: '张三' } }, privateSalt: 'c2FsdA==' });
    const { entries } = await s.cache.read('b');
    expect(entries.every((e) => !('private' in e) && !('privateSalt' in e) && !('metadata' in e))).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('张三');
  });

  it('holds at most its capacity of entries over all streams, dropping the streams read longest ago', async () => {
    const s = store(4);
    for (const id of ['a', 'b', 'c']) s.append(id, 2);
    await s.cache.read('a');
    await s.cache.read('b');
    await s.cache.read('a');
    await s.cache.read('c'); // 6 entries > 4: drops b
    expect(s.cache.size()).toEqual({ streams: 2, entries: 4 });
    s.reads.length = 0;
    await s.cache.read('a');
    await s.cache.read('b');
    expect(s.reads).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
    // A stream longer than the whole capacity is answered, never kept.
    s.append('d', 5);
    expect((await s.cache.read('d')).entries).toHaveLength(5);
    expect((await s.cache.read('d')).entries).toHaveLength(5);
    expect(s.reads.slice(-2)).toEqual([
      ['d', 1],
      ['d', 1],
    ]);
  });

  it('two reads at once both see every entry, and the cache stays a prefix of the stream', async () => {
    const s = store();
    s.append('b', 2);
    const [x, y] = await Promise.all([s.cache.read('b'), s.cache.read('b')]);
    expect([x.entries.length, y.entries.length]).toEqual([2, 2]);
    s.append('b', 1);
    expect((await s.cache.read('b')).entries.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
  });
});

describe('stateOf resumes the fold of a cached stream (issue 18)', () => {
  const seen: number[] = [];
  const decider = {
    initialState: (): number[] => [],
    evolve: (state: number[], event: { data: unknown }): number[] => {
      const n = (event.data as { n: number }).n;
      seen.push(n);
      return [...state, n];
    },
  };

  it('folds only entries after the last fold; entries past the durable prefix are folded but never kept', async () => {
    const s = store();
    s.append('b', 3);
    const first = await s.cache.read('b');
    const pending = [entry('b', 4)];
    const loaded = (c: typeof first, extra: LedgerEntry[] = []) =>
      new Map([['b', { entries: [...c.entries, ...extra], folds: c.folds, durable: c.entries.length }]]);
    expect(stateOf(loaded(first, pending), 'b', decider)).toEqual([1, 2, 3, 4]);
    expect(seen.splice(0)).toEqual([1, 2, 3, 4]);
    // The pending entry never became durable: the next fold does not have it.
    expect(stateOf(loaded(await s.cache.read('b')), 'b', decider)).toEqual([1, 2, 3]);
    expect(seen.splice(0)).toEqual([]);
    s.append('b', 2);
    expect(stateOf(loaded(await s.cache.read('b')), 'b', decider)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.splice(0)).toEqual([4, 5]);
    // The same as a fold from scratch.
    expect(stateOf(new Map([['b', { entries: (await s.cache.read('b')).entries }]]), 'b', decider)).toEqual([1, 2, 3, 4, 5]);
  });
});
