import { expect } from '@jest/globals';
import { BatchPlan, BatchState, CommitRequest, planBatch } from '../../src/ledger/append-plan';
import { GroupCommitQueue } from '../../src/ledger/group-commit';
import { newEvent } from '../support/events';

const empty: BatchState = { tip: { position: 0, recordedAt: null }, versions: new Map(), existing: new Map(), claims: new Map() };

describe('GroupCommitQueue.idle (a store closing lets the commit in flight finish)', () => {
  it('resolves at once with nothing to write, and otherwise only after the batch in flight has answered its callers', async () => {
    let release: (() => void) | undefined;
    const queue = new GroupCommitQueue(
      async (requests: readonly CommitRequest[]): Promise<BatchPlan> => {
        await new Promise<void>((resolve) => (release = resolve));
        return planBatch(requests, empty, new Date());
      },
      () => undefined,
    );
    await expect(queue.idle()).resolves.toBeUndefined();

    const order: string[] = [];
    const append = queue.submit([{ streamId: 's', events: [newEvent('A')], expectedVersion: 0 }]).then((r) => {
      order.push(`append ${r.position}`);
    });
    const idle = queue.idle().then(() => order.push('idle'));
    // The batch has not started yet (it waits for the next turn of the event loop); then it is in flight.
    await new Promise((resolve) => setImmediate(resolve));
    expect(release).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual([]);
    release!();
    await Promise.all([append, idle]);
    expect(order).toEqual(['append 1', 'idle']);
    await expect(queue.idle()).resolves.toBeUndefined();
  });
});
