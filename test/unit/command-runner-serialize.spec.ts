import { expect } from '@jest/globals';
import { CommandRunner, type CommandPlan } from '../../src/ledger/command-runner';
import type { CorruptionLatch } from '../../src/ledger/corruption-latch';
import { ConcurrencyConflictError, type EventStore, type LedgerEntry, type StreamWrite } from '../../src/ledger/event-store.port';
import type { LedgerWriter } from '../../src/ledger/ledger-writer';
import type { CommandMeta } from '../../src/ledger/command';
import type { LedgerEvent } from '../../events';

/**
 * Issue 18: registrations in one region-year all read and append the same budget stream. Racing, all but one
 * of each round lose their append to a conflict and read the whole stream again; taking turns on the stream
 * (CommandPlan.serializeOn), each decides once, on the state the previous one committed.
 */
const BUDGET = 'budget-220102-2024';
const meta: CommandMeta = {
  principal: { id: 'k', role: 'purchaser', regions: ['220000'] },
  correlationId: 'c',
  causationId: 'c',
  requestHash: 'h',
};

interface FakeLedger {
  runner: CommandRunner;
  commits: () => number;
  conflicts: () => number;
  batches: () => number;
  budget: () => number;
  /** Every readStream: the stream and the version it read from. */
  reads: [string, number][];
}

/**
 * A store with the real optimistic check and a group commit: commits submitted in one turn of the event loop are
 * checked in order, each against the versions the ones before it left, and answered together. The first commit of
 * a stream in `failing` fails as a whole (a disk error).
 */
function ledger(failing: string[] = []): FakeLedger {
  const streams = new Map<string, number>();
  let commits = 0;
  let conflicts = 0;
  let batches = 0;
  const reads: [string, number][] = [];
  let queue: { writes: StreamWrite[]; resolve: (r: unknown) => void; reject: (e: Error) => void }[] = [];
  const store = {
    // Like better-sqlite3 behind the port: the read answers within the turn, before the group commit drains.
    readStream: async (id: string, from = 1) => {
      reads.push([id, from]);
      await Promise.resolve();
      const version = streams.get(id) ?? 0;
      return Array.from({ length: version }, (_, i) => ({ streamId: id, streamVersion: i + 1 }) as unknown as LedgerEntry).slice(from - 1);
    },
  } as unknown as EventStore;
  const drain = (): void => {
    const batch = queue;
    queue = [];
    batches++;
    for (const { writes, resolve, reject } of batch) {
      commits++;
      const failed = writes.find((w) => failing.includes(w.streamId));
      if (failed) {
        failing.splice(failing.indexOf(failed.streamId), 1);
        reject(new Error('disk full'));
        continue;
      }
      const stale = writes.find((w) => w.expectedVersion !== 'any' && w.expectedVersion !== (streams.get(w.streamId) ?? 0));
      if (stale) {
        conflicts++;
        reject(new ConcurrencyConflictError(stale.streamId, stale.expectedVersion, streams.get(stale.streamId) ?? 0));
        continue;
      }
      for (const w of writes) streams.set(w.streamId, (streams.get(w.streamId) ?? 0) + w.events.length);
      resolve({
        streams: writes.map((w) => ({ streamId: w.streamId, version: streams.get(w.streamId)! })),
        entries: [],
        position: 1,
        replayed: false,
      });
    }
  };
  const writer = {
    commit: (writes: StreamWrite[]) =>
      new Promise((resolve, reject) => {
        if (queue.length === 0) setImmediate(drain);
        queue.push({ writes, resolve, reject });
      }),
  } as unknown as LedgerWriter;
  const latch = { assertWritable: () => undefined } as unknown as CorruptionLatch;
  const runner = new CommandRunner(store, writer, latch, () => new Date('2024-04-01T00:00:00Z'));
  return {
    runner,
    commits: () => commits,
    conflicts: () => conflicts,
    batches: () => batches,
    budget: () => streams.get(BUDGET) ?? 0,
    reads,
  };
}

/** Project i's registration: its own project stream, and one reservation on the shared budget stream. */
const registration = (i: number, serializeOn?: string): CommandPlan => ({
  primaryStream: `project-p${i}`,
  reads: [`project-p${i}`, BUDGET],
  ...(serializeOn !== undefined ? { serializeOn } : {}),
  decide: () => [
    {
      type: 'BudgetReserved',
      schemaVersion: 2,
      data: { region: '220102', fiscalYear: 2024, projectId: `p${i}` },
    } as unknown as LedgerEvent,
  ],
});

describe('command runner: commands that serialize on a stream', () => {
  it('20 concurrent registrations in one region-year each decide and commit once, with no conflict', async () => {
    const { runner, commits, conflicts, budget } = ledger();
    await Promise.all(Array.from({ length: 20 }, (_, i) => runner.run(meta, registration(i, BUDGET))));
    expect(budget()).toBe(20);
    expect(conflicts()).toBe(0);
    expect(commits()).toBe(20);
  });
  it('the next turn decides on the entries still on their way to disk: consecutive registrations share a commit', async () => {
    const { runner, batches, budget } = ledger();
    await Promise.all(Array.from({ length: 20 }, (_, i) => runner.run(meta, registration(i, BUDGET))));
    expect(budget()).toBe(20);
    expect(batches()).toBeLessThan(20);
  });
  it('a commit that fails: the registrations decided on top of it conflict and are decided again on what is there', async () => {
    const { runner, conflicts, budget } = ledger(['project-p0']);
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => runner.run(meta, registration(i, BUDGET))));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(budget()).toBe(4);
    expect(conflicts()).toBeGreaterThan(0);
  });
  it('a refused command does not stop the ones queued behind it', async () => {
    const { runner, budget } = ledger();
    const refused = {
      ...registration(0, BUDGET),
      decide: (): LedgerEvent[] => {
        throw new Error('refused');
      },
    };
    const outcomes = await Promise.allSettled([runner.run(meta, refused), runner.run(meta, registration(1, BUDGET))]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
    expect(budget()).toBe(1);
  });
  it('without it the same registrations race: conflicts, retried until each commits (the behaviour it replaces)', async () => {
    const { runner, conflicts, budget } = ledger();
    await Promise.all(Array.from({ length: 20 }, (_, i) => runner.run(meta, registration(i))));
    expect(budget()).toBe(20);
    expect(conflicts()).toBeGreaterThan(0);
  });

  it('a fold-only command (a payment) reads its stream from where the last one left it; others read it whole', async () => {
    const payment = (foldOnly: boolean): CommandPlan => ({
      primaryStream: 'contract-c1',
      reads: ['contract-c1'],
      ...(foldOnly ? { foldOnly } : {}),
      decide: () => [{ type: 'PaymentMade', schemaVersion: 1, data: { contractId: 'c1' } } as unknown as LedgerEvent],
    });
    const cached = ledger();
    for (let i = 0; i < 4; i++) await cached.runner.run(meta, payment(true));
    // The stream is empty at first; then each payment reads only the one before it.
    expect(cached.reads.map(([, from]) => from)).toEqual([1, 1, 2, 3]);
    const whole = ledger();
    for (let i = 0; i < 4; i++) await whole.runner.run(meta, payment(false));
    expect(whole.reads.map(([, from]) => from)).toEqual([1, 1, 1, 1]);
  });
});
