import { expect, jest } from '@jest/globals';
import type { Projection } from '../../projections/projection';
import { ProjectionRunner } from '../../src/projection-runner/projection-runner';
import { describePostgres } from '../support/postgres-server';
import { newEvent } from '../support/events';
import { LedgerWithReadModels, openLedger, type ReadModelStoreKind } from '../support/projection-stores';
import { describeMongo } from '../support/ferretdb';
import type { SqliteEventStore } from '../../src/ledger/sqlite/sqlite-event-store';

interface CountRow {
  stream: string;
  count: number;
  last: number;
  positions: number[];
}

/** Counts entries per stream and keeps their positions: any skipped or repeated entry shows. */
const counter = (version = 1, failOn?: string): Projection<CountRow> => ({
  name: 'stream_counts',
  version,
  columns: { count: { type: 'integer', of: (r) => r.count } },
  keysOf: (e) => (e.streamId.startsWith('ignored') ? [] : [e.streamId]),
  apply: (row, e) => {
    if (failOn !== undefined && (e.event.data as { tag?: string }).tag === failOn) throw new Error(`cannot count ${failOn}`);
    return {
      stream: e.streamId,
      count: (row?.count ?? 0) + 1 * version,
      last: e.position,
      positions: [...(row?.positions ?? []), e.position],
    };
  },
});

async function appendMany(l: LedgerWithReadModels, n: number, streams = 5, tag?: string): Promise<void> {
  for (let i = 0; i < n; i++)
    await l.events.append(`s-${i % streams}`, [newEvent('ContractorRegistered', tag ? { i, tag } : { i })], { expectedVersion: 'any' });
}

function runnerSuite(kind: ReadModelStoreKind): void {
  let l: LedgerWithReadModels;
  beforeEach(async () => {
    l = await openLedger(kind);
  });
  afterEach(async () => l.close());

  it('catches up from position 0, then follows live appends with the checkpoint at the head', async () => {
    await appendMany(l, 40);
    await l.events.append('ignored-1', [newEvent('ContractorRegistered')], { expectedVersion: 'any' });
    const runner = new ProjectionRunner(l.events, l.rows, [counter()], { batchSize: 7 });
    await runner.start();
    try {
      expect(await runner.waitFor(['stream_counts'], 41, 5000)).toBe(true);
      await appendMany(l, 10);
      expect(await runner.waitFor(['stream_counts'], 51, 5000)).toBe(true);
      const rows = (await l.rows.queryRows('stream_counts', {})) as CountRow[];
      expect(rows.map((r) => r.count)).toEqual([10, 10, 10, 10, 10]);
      const positions = rows.flatMap((r) => r.positions).sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: 51 }, (_, i) => i + 1).filter((p) => p !== 41));
      expect((await l.rows.state('stream_counts'))!.position).toBe(51);
      expect(await l.rows.queryRows('stream_counts', { where: { count: 10 }, limit: 2 })).toHaveLength(2);
    } finally {
      await runner.stop();
    }
  });

  it('never applies a batch twice: a writer holding a stale checkpoint is refused and changes nothing', async () => {
    await appendMany(l, 5);
    const runner = new ProjectionRunner(l.events, l.rows, [counter()]);
    await runner.catchUp();
    const state = (await l.rows.state('stream_counts'))!;
    const stale = await l.rows.commitBatch(
      'stream_counts',
      state.table,
      0,
      5,
      [{ key: 's-0', row: { stream: 's-0', count: 99, last: 1, positions: [] } }],
      counter().columns,
    );
    expect(stale).toBe(false);
    expect(((await l.rows.getRow('stream_counts', 's-0')) as CountRow).count).toBe(1);
    // A second runner (another process) on the same database continues where the first stopped.
    const other = await l.reopen();
    try {
      await appendMany(l, 5);
      await new ProjectionRunner(other.events, other.rows, [counter()]).catchUp();
      expect(((await l.rows.getRow('stream_counts', 's-0')) as CountRow).positions).toEqual([1, 6]);
    } finally {
      await other.close();
    }
  });

  it('stops at an entry it cannot apply, keeping everything before it, and reports where', async () => {
    await appendMany(l, 6);
    await appendMany(l, 1, 5, 'poison');
    await appendMany(l, 3);
    const runner = new ProjectionRunner(l.events, l.rows, [counter(1, 'poison')], { batchSize: 100 });
    await runner.catchUp();
    const [status] = await runner.statuses();
    expect(status).toMatchObject({
      name: 'stream_counts',
      status: 'failed',
      position: 6,
      failedPosition: 7,
      error: 'Error: cannot count poison',
    });
    const rows = (await l.rows.queryRows('stream_counts', {})) as CountRow[];
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(6);
    // A fixed fold (no poison) carries on from the stored checkpoint.
    await new ProjectionRunner(l.events, l.rows, [counter()]).catchUp();
    expect((await l.rows.state('stream_counts'))!).toMatchObject({ position: 10, status: 'running', failedPosition: null });
  });

  it('following, commits no transaction for entries that change no rows; their checkpoint is stored with the next change or on stop', async () => {
    const runner = new ProjectionRunner(l.events, l.rows, [counter()], { checkpointLag: { entries: 1000, ms: 60_000 } });
    await runner.start();
    const commits = jest.spyOn(l.rows, 'commitBatch');
    try {
      await appendMany(l, 2);
      expect(await runner.waitFor(['stream_counts'], 2, 5000)).toBe(true);
      const before = commits.mock.calls.length;
      for (let i = 0; i < 20; i++) await l.events.append(`ignored-${i}`, [newEvent('ContractorRegistered')], { expectedVersion: 'any' });
      expect(await runner.waitFor(['stream_counts'], 22, 5000)).toBe(true);
      expect(commits.mock.calls.length).toBe(before);
      expect((await l.rows.state('stream_counts'))!.position).toBe(2);
      // Health and metrics report what was applied, not the checkpoint held back.
      expect((await runner.statuses())[0].position).toBe(22);
      await appendMany(l, 1);
      expect(await runner.waitFor(['stream_counts'], 23, 5000)).toBe(true);
      expect((await l.rows.state('stream_counts'))!.position).toBe(23);
      for (let i = 0; i < 4; i++) await l.events.append(`ignored-x${i}`, [newEvent('ContractorRegistered')], { expectedVersion: 'any' });
      expect(await runner.waitFor(['stream_counts'], 27, 5000)).toBe(true);
    } finally {
      await runner.stop();
      commits.mockRestore();
    }
    expect((await l.rows.state('stream_counts'))!.position).toBe(27);
  });

  it('following, a failure after entries that changed no rows is stored at its own position', async () => {
    const runner = new ProjectionRunner(l.events, l.rows, [counter(1, 'poison')], { checkpointLag: { entries: 1000, ms: 60_000 } });
    await runner.start();
    try {
      await appendMany(l, 2);
      expect(await runner.waitFor(['stream_counts'], 2, 5000)).toBe(true);
      for (let i = 0; i < 5; i++) await l.events.append(`ignored-${i}`, [newEvent('ContractorRegistered')], { expectedVersion: 'any' });
      expect(await runner.waitFor(['stream_counts'], 7, 5000)).toBe(true);
      await appendMany(l, 1, 5, 'poison');
      for (let i = 0; i < 100 && (await l.rows.state('stream_counts'))!.status !== 'failed'; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(await l.rows.state('stream_counts')).toMatchObject({ status: 'failed', position: 7, failedPosition: 8 });
    } finally {
      await runner.stop();
    }
  });

  it('stops at an entry this code cannot read (an unknown event type), like at a fold that throws', async () => {
    await appendMany(l, 4);
    await l.events.append('s-0', [newEvent('FromTheFuture', { x: 1 })], { expectedVersion: 'any' });
    await appendMany(l, 2);
    const runner = new ProjectionRunner(l.events, l.rows, [counter()]);
    await runner.catchUp();
    const [status] = await runner.statuses();
    expect(status).toMatchObject({
      status: 'failed',
      position: 4,
      failedPosition: 5,
      error: expect.stringContaining('unknown event type "FromTheFuture"'),
    });
  });

  it('rebuilds blue/green: the old table serves until the new one has caught up, then they swap', async () => {
    await appendMany(l, 30);
    await new ProjectionRunner(l.events, l.rows, [counter(1)]).catchUp();
    const before = (await l.rows.state('stream_counts'))!;
    // Version 2 counts double: a changed definition.
    const v2 = new ProjectionRunner(l.events, l.rows, [counter(2)], { batchSize: 4 });
    const build = await l.rows.startBuild('stream_counts', 2, counter(2).columns);
    expect(build.table).not.toBe(before.table);
    expect(((await l.rows.getRow('stream_counts', 's-0')) as CountRow).count).toBe(6);
    await v2.rebuild('stream_counts');
    const after = (await l.rows.state('stream_counts'))!;
    expect(after).toMatchObject({ version: 2, position: 30 });
    expect(after.table).not.toBe(before.table);
    expect(((await l.rows.getRow('stream_counts', 's-0')) as CountRow).count).toBe(12);
    expect(await l.rows.build('stream_counts')).toBeNull();
  });

  it('a reader that remembers the served table reads the new copy after another process swapped and dropped the old one', async () => {
    await appendMany(l, 10);
    await new ProjectionRunner(l.events, l.rows, [counter(1)]).catchUp();
    // This store now remembers which table serves stream_counts.
    expect(((await l.rows.getRow('stream_counts', 's-0')) as CountRow).count).toBe(2);
    expect(await l.rows.countRows('stream_counts', {})).toBe(5);
    const other = await l.reopen();
    try {
      await new ProjectionRunner(other.events, other.rows, [counter(2)]).rebuild('stream_counts');
    } finally {
      await other.close();
    }
    expect(((await l.rows.getRow('stream_counts', 's-0')) as CountRow).count).toBe(4);
    expect(((await l.rows.queryRows('stream_counts', {})) as CountRow[]).map((r) => r.count)).toEqual([4, 4, 4, 4, 4]);
    expect(await l.rows.countRows('stream_counts', { where: { count: 4 } })).toBe(5);
  });

  it('rebuilds on start when the definition version changed, and then follows', async () => {
    await appendMany(l, 12);
    await new ProjectionRunner(l.events, l.rows, [counter(1)]).catchUp();
    const runner = new ProjectionRunner(l.events, l.rows, [counter(3)]);
    await runner.start();
    try {
      await appendMany(l, 3);
      expect(await runner.waitFor(['stream_counts'], 15, 5000)).toBe(true);
      for (let i = 0; i < 50 && (await l.rows.state('stream_counts'))!.version !== 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect((await l.rows.state('stream_counts'))!.version).toBe(3);
      expect(await runner.waitFor(['stream_counts'], 15, 5000)).toBe(true);
      const rows = (await l.rows.queryRows('stream_counts', {})) as CountRow[];
      expect(rows.reduce((n, r) => n + r.count, 0)).toBe(15 * 3);
    } finally {
      await runner.stop();
    }
  });
}

describe('projection runner [sqlite]', () => runnerSuite('sqlite'));
describePostgres('projection runner', () => runnerSuite('postgres'));
describeMongo('projection runner', () => runnerSuite('mongodb'));

describe('read-model commits on the ledger connection [sqlite]', () => {
  // Read-model batches skip their fsync (synchronous=NORMAL for that transaction only): the ledger's own
  // commits on the same connection must find it back at FULL, even after a batch that failed.
  it('leave the connection at synchronous=FULL, after a batch that committed and after one that threw', async () => {
    const l = await openLedger('sqlite');
    try {
      const db = (l.events as SqliteEventStore).db;
      const level = (): unknown => db.pragma('synchronous', { simple: true });
      const p = counter();
      const state = await l.rows.register(p.name, p.version, p.columns);
      expect(level()).toBe(2);
      expect(await l.rows.commitBatch(p.name, state.table, 0, 1, [{ key: 'a', row: { count: 1 } }], p.columns)).toBe(true);
      expect(level()).toBe(2);
      const throwing = {
        count: {
          type: 'integer' as const,
          of: (): number => {
            throw new Error('column');
          },
        },
      };
      await expect(l.rows.commitBatch(p.name, state.table, 1, 2, [{ key: 'b', row: { count: 2 } }], throwing)).rejects.toThrow('column');
      expect(level()).toBe(2);
      expect((await l.rows.state(p.name))!.position).toBe(1);
    } finally {
      await l.close();
    }
  });
});

describe('a following projection whose store fails [sqlite]', () => {
  let l: LedgerWithReadModels;
  beforeEach(async () => {
    l = await openLedger('sqlite');
  });
  afterEach(async () => l.close());

  it('resumes from its stored checkpoint after a pause that doubles, says so each time, and applies every entry once', async () => {
    const retries: [string, string, number][] = [];
    const runner = new ProjectionRunner(l.events, l.rows, [counter()], {
      onRetry: (name, error, pauseMs) => retries.push([name, error.message, pauseMs]),
    });
    const commit = jest.spyOn(l.rows, 'commitBatch');
    // A read-model server that drops the first two batches' connections.
    commit.mockRejectedValueOnce(new Error('connection 5 closed')).mockRejectedValueOnce(new Error('connection 6 closed'));
    await runner.start();
    try {
      await appendMany(l, 10);
      expect(await runner.waitFor(['stream_counts'], 10, 10_000)).toBe(true);
      expect(retries).toEqual([
        ['stream_counts', 'connection 5 closed', 250],
        ['stream_counts', 'connection 6 closed', 500],
      ]);
      const rows = (await l.rows.queryRows('stream_counts', {})) as CountRow[];
      expect(rows.flatMap((r) => r.positions).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await runner.statuses())[0]).toMatchObject({ status: 'running', position: 10, error: null });
    } finally {
      await runner.stop();
    }
  });

  it('waits less again once a batch has committed: the pause starts over after a recovery', async () => {
    const pauses: number[] = [];
    const runner = new ProjectionRunner(l.events, l.rows, [counter()], {
      retryPauseMs: { first: 20, max: 1000 },
      onRetry: (_name, _error, pauseMs) => pauses.push(pauseMs),
    });
    const commit = jest.spyOn(l.rows, 'commitBatch');
    commit.mockRejectedValueOnce(new Error('down')).mockRejectedValueOnce(new Error('down')).mockRejectedValueOnce(new Error('down'));
    await runner.start();
    try {
      await appendMany(l, 3);
      expect(await runner.waitFor(['stream_counts'], 3, 10_000)).toBe(true);
      expect(pauses).toEqual([20, 40, 80]);
      commit.mockRejectedValueOnce(new Error('down again'));
      await appendMany(l, 1);
      expect(await runner.waitFor(['stream_counts'], 4, 10_000)).toBe(true);
      expect(pauses).toEqual([20, 40, 80, 20]);
    } finally {
      await runner.stop();
    }
  });

  it('follows at once, without a pause, when another instance committed the batch it was about to', async () => {
    // Any pause would outlast the test's own timeout.
    const runner = new ProjectionRunner(l.events, l.rows, [counter()], { retryPauseMs: { first: 60_000, max: 60_000 } });
    const commit = l.rows.commitBatch.bind(l.rows);
    // Another instance commits the same batch first; this one's claim from the old checkpoint is then refused.
    const raced = jest.spyOn(l.rows, 'commitBatch').mockImplementationOnce(async (...args) => {
      await commit(...args);
      return commit(...args);
    });
    await runner.start();
    try {
      await appendMany(l, 3);
      expect(await runner.waitFor(['stream_counts'], 3, 3000)).toBe(true);
      await expect(raced.mock.results[0].value).resolves.toBe(false);
      const rows = (await l.rows.queryRows('stream_counts', {})) as CountRow[];
      expect(rows.flatMap((r) => r.positions).sort((a, b) => a - b)).toEqual([1, 2, 3]);
    } finally {
      await runner.stop();
    }
  }, 10_000);

  it('stops while it waits to retry, without waiting out the pause or trying again', async () => {
    const pauses: number[] = [];
    // A pause longer than the test's own timeout: stop() must cut it short, or the test fails.
    const runner = new ProjectionRunner(l.events, l.rows, [counter()], {
      retryPauseMs: { first: 60_000, max: 60_000 },
      onRetry: (_name, _error, pauseMs) => pauses.push(pauseMs),
    });
    jest.spyOn(l.rows, 'commitBatch').mockRejectedValue(new Error('the server is gone'));
    await appendMany(l, 3);
    await runner.start();
    for (let i = 0; i < 200 && pauses.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(pauses).toEqual([60_000]);
    // Meanwhile /health says so (degraded), with the projection and the error.
    expect((await runner.statuses())[0]).toMatchObject({ status: 'retrying', position: 0, error: 'Error: the server is gone' });
    await runner.stop();
    expect(pauses).toEqual([60_000]);
    expect((await l.rows.state('stream_counts'))!.position).toBe(0);
  }, 5_000);
});
