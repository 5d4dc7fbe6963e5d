import { expect } from '@jest/globals';
import { CommandRunner } from '../../src/ledger/command-runner';
import type { CorruptionLatch } from '../../src/ledger/corruption-latch';
import { ConcurrencyConflictError, type EventStore, type LedgerEntry, type StreamWrite } from '../../src/ledger/event-store.port';
import type { LedgerWriter } from '../../src/ledger/ledger-writer';
import type { CommandMeta } from '../../src/ledger/command';
import type { LedgerEvent } from '../../events';

/**
 * If-Match guards the stream in the path (API.md "Conventions"): a conflict on that stream is the caller's 409;
 * a conflict on a stream the command only reads is decided again, as without If-Match.
 */
const entry = (streamId: string, streamVersion: number): LedgerEntry => ({ streamId, streamVersion }) as unknown as LedgerEntry;
const event = { type: 'ContractAnnounced', schemaVersion: 1, data: { contractId: 'C1', announcedAt: '2024-03-26', url: 'u' } };
const meta: CommandMeta = {
  principal: { id: 'k', role: 'purchaser', regions: ['220000'] },
  correlationId: 'c',
  causationId: 'c',
  requestHash: 'h',
  ifMatch: 1,
};

function runnerFailingOn(conflicts: string[]): { runner: CommandRunner; commits: StreamWrite[][] } {
  const commits: StreamWrite[][] = [];
  const store = {
    readStream: (id: string) => Promise.resolve(id === 'contract-C1' ? [entry(id, 1)] : [entry(id, 4)]),
  } as unknown as EventStore;
  const writer = {
    commit: (writes: StreamWrite[]) => {
      commits.push(writes);
      const conflict = conflicts.shift();
      if (conflict !== undefined) return Promise.reject(new ConcurrencyConflictError(conflict, 4, 5));
      return Promise.resolve({ streams: [{ streamId: 'contract-C1', version: 2 }], entries: [], position: 9, replayed: false });
    },
  } as unknown as LedgerWriter;
  const latch = { assertWritable: () => undefined } as unknown as CorruptionLatch;
  return { runner: new CommandRunner(store, writer, latch, () => new Date('2024-04-01T00:00:00Z')), commits };
}

const plan = { primaryStream: 'contract-C1', reads: ['contract-C1', 'budget-220100-2024'], decide: () => [event as LedgerEvent] };

describe('command runner: If-Match and concurrency conflicts', () => {
  it('a conflict on a stream only read is decided again, and the If-Match stream is checked again', async () => {
    const { runner, commits } = runnerFailingOn(['budget-220100-2024']);
    await expect(runner.run(meta, plan)).resolves.toMatchObject({ response: { streamId: 'contract-C1', version: 2 } });
    expect(commits).toHaveLength(2);
  });
  it('a conflict on the If-Match stream is the caller’s: no retry', async () => {
    const { runner, commits } = runnerFailingOn(['contract-C1']);
    await expect(runner.run(meta, plan)).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(commits).toHaveLength(1);
  });
  it('a stale If-Match is refused before anything is committed', async () => {
    const { runner, commits } = runnerFailingOn([]);
    await expect(runner.run({ ...meta, ifMatch: 0 }, plan)).rejects.toMatchObject({ streamId: 'contract-C1', actual: 1 });
    expect(commits).toHaveLength(0);
  });
});
