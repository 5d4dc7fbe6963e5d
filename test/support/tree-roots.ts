import { expect } from '@jest/globals';
import type { EventStore } from '../../src/ledger/event-store.port';
import { rootAt, withNodes } from '../../src/ledger/tree/merkle';
import { referenceRoot } from './reference-merkle';

/**
 * Every root from size 1 to the head, from the store's stored nodes, against RFC 9162's definition over the entries'
 * leaf hashes (reference-merkle.ts). Returns the number of entries checked.
 */
export async function checkRoots(store: EventStore): Promise<number> {
  const leaves = (await store.readAll(0, 10_000)).map((e) => Buffer.from(e.leafHash, 'base64'));
  for (let size = 1; size <= leaves.length; size++) {
    const root = await withNodes(
      (k) => store.readTreeNodes(k),
      (r) => rootAt(size, r),
    );
    expect([size, root.toString('base64')]).toEqual([size, referenceRoot(leaves.slice(0, size)).toString('base64')]);
  }
  return leaves.length;
}
