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
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A store with the real optimistic check: a write whose expected version is not the stream's is refused. */
function ledger(): { runner: CommandRunner; commits: () => number; conflicts: () => number; budget: () => number } {
  const streams = new Map<string, number>();
  let commits = 0;
  let conflicts = 0;
  const store = {
    readStream: async (id: string) => {
      await tick();
      const version = streams.get(id) ?? 0;
      return Array.from({ length: version }, (_, i) => ({ streamId: id, streamVersion: i + 1 }) as unknown as LedgerEntry);
    },
  } as unknown as EventStore;
  const writer = {
    commit: async (writes: StreamWrite[]) => {
      await tick();
      commits++;
      for (const w of writes) {
        const actual = streams.get(w.streamId) ?? 0;
        if (w.expectedVersion !== 'any' && w.expectedVersion !== actual) {
          conflicts++;
          throw new ConcurrencyConflictError(w.streamId, w.expectedVersion, actual);
        }
      }
      for (const w of writes) streams.set(w.streamId, (streams.get(w.streamId) ?? 0) + w.events.length);
      return {
        streams: writes.map((w) => ({ streamId: w.streamId, version: streams.get(w.streamId)! })),
        entries: [],
        position: 1,
        replayed: false,
      };
    },
  } as unknown as LedgerWriter;
  const latch = { assertWritable: () => undefined } as unknown as CorruptionLatch;
  const runner = new CommandRunner(store, writer, latch, () => new Date('2024-04-01T00:00:00Z'));
  return { runner, commits: () => commits, conflicts: () => conflicts, budget: () => streams.get(BUDGET) ?? 0 };
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
});
