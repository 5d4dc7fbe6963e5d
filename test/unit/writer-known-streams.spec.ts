import { expect } from '@jest/globals';
import { BatchState, planBatch } from '../../src/ledger/append-plan';
import { KNOWN_STREAMS, tipAfter, treeNodesOf, WriterTip } from '../../src/ledger/postgres/fast-append';
import { newEvent } from '../support/events';

describe('the stream versions a PostgreSQL writer remembers (issue 18)', () => {
  it('learns those a commit was planned on and wrote, and keeps at most KNOWN_STREAMS, forgetting the least recently written', () => {
    const versions = new Map(Array.from({ length: KNOWN_STREAMS }, (_, i): [string, number] => [`s-${i}`, 1]));
    const tip: WriterTip = { position: 0, recordedAt: null, frontier: new Map(), versions };
    // s-0 is written again (it becomes the most recent), a new stream is written, s-5 is only guarded.
    const state: BatchState = {
      tip: { position: 0, recordedAt: null },
      versions: new Map([
        ['s-0', 1],
        ['new', 0],
        ['s-5', 1],
      ]),
      existing: new Map(),
      claims: new Map(),
    };
    const plan = planBatch(
      [
        {
          writes: [
            { streamId: 's-0', events: [newEvent('A')], expectedVersion: 1 },
            { streamId: 'new', events: [newEvent('A')], expectedVersion: 'no_stream' },
            { streamId: 's-5', events: [], expectedVersion: 1 },
          ],
        },
      ],
      state,
      new Date(),
    );
    const after = tipAfter(tip, state, plan, treeNodesOf(0, new Map(), plan));
    expect(after.versions.size).toBe(KNOWN_STREAMS);
    expect([after.versions.get('s-0'), after.versions.get('new'), after.versions.get('s-5')]).toEqual([2, 1, 1]);
    // One stream more than it may keep: the least recently written went, s-1 (s-0 was written again).
    expect([after.versions.has('s-1'), after.versions.has('s-2')]).toEqual([false, true]);
    expect([...after.versions.keys()].slice(-3)).toEqual(['s-5', 's-0', 'new']);
    expect(after.position).toBe(2);
  });
});
