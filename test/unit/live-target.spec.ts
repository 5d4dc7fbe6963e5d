import { expect } from '@jest/globals';
import type { Projection } from '../../projections/projection';
import { LiveTarget } from '../../src/projection-runner/live-target';
import type { ProjectionState, ProjectionStore, RowChange } from '../../src/projection-runner/projection-store.port';

/** The store's conditional checkpoint move, and every commit it was asked for. */
function fakeStore(position: number): { store: ProjectionStore; commits: [number, number, number][]; stored(): number } {
  let stored = position;
  const commits: [number, number, number][] = [];
  const store = {
    commitBatch: (_name: string, _table: string, from: number, to: number, changes: readonly RowChange[]) => {
      commits.push([from, to, changes.length]);
      if (from !== stored) return Promise.resolve(false);
      stored = to;
      return Promise.resolve(true);
    },
  } as unknown as ProjectionStore;
  return { store, commits, stored: () => stored };
}

const projection = { name: 'counts', columns: {} } as unknown as Projection;
const state = (position: number): ProjectionState => ({
  name: 'counts',
  version: 1,
  table: 'rm_counts_1',
  position,
  status: 'running',
  failedPosition: null,
  error: null,
});
const change: RowChange = { key: 'k', row: { n: 1 } };

describe('LiveTarget: a checkpoint that changed no rows is held back (issue 18)', () => {
  it('commits no transaction for batches that changed nothing, then moves the checkpoint with the next change', async () => {
    const s = fakeStore(10);
    const t = new LiveTarget(s.store, projection, state(10), { entries: 1000, ms: 60_000 });
    for (let to = 11; to <= 20; to++) expect(await t.commit(to - 1, to, [], true)).toBe(true);
    expect(s.commits).toEqual([]);
    expect(await t.commit(20, 21, [change], true)).toBe(true);
    // From the stored checkpoint, not from where the batch began in memory.
    expect(s.commits).toEqual([[10, 21, 1]]);
    expect(s.stored()).toBe(21);
  });

  it('stores the checkpoint once it trails by the entries or the time allowed', async () => {
    let now = 0;
    const s = fakeStore(0);
    const t = new LiveTarget(s.store, projection, state(0), { entries: 100, ms: 1000 }, () => now);
    await t.commit(0, 99, [], true);
    expect(s.commits).toEqual([]);
    await t.commit(99, 100, [], true);
    expect(s.commits).toEqual([[0, 100, 0]]);
    await t.commit(100, 101, [], true);
    now = 1000;
    await t.commit(101, 102, [], true);
    expect(s.commits).toEqual([
      [0, 100, 0],
      [100, 102, 0],
    ]);
  });

  it('never holds back a batch the caller may not defer (a failure follows it)', async () => {
    const s = fakeStore(5);
    const t = new LiveTarget(s.store, projection, state(5), { entries: 1000, ms: 60_000 });
    await t.commit(5, 6, [], true);
    await t.commit(6, 6, [], false);
    expect(s.commits).toEqual([[5, 6, 0]]);
  });

  it('flush stores what was held back, once; a checkpoint another runner moved is reported, not overwritten', async () => {
    const s = fakeStore(0);
    const t = new LiveTarget(s.store, projection, state(0), { entries: 1000, ms: 60_000 });
    await t.commit(0, 7, [], true);
    expect(await t.flush()).toBe(true);
    expect(await t.flush()).toBe(true);
    expect(s.commits).toEqual([[0, 7, 0]]);

    const moved = fakeStore(3);
    const u = new LiveTarget(moved.store, projection, state(0), { entries: 1000, ms: 60_000 });
    await u.commit(0, 9, [], true);
    expect(await u.flush()).toBe(false);
    expect(moved.stored()).toBe(3);
  });
});
