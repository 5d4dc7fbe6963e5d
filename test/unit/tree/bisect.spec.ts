import { createHash } from 'node:crypto';
import { consistencyProof, inclusionProof, nextFrontier, NodeReader, nodeKey, nodesOnAppend, rootAt } from '../../../src/ledger/tree/merkle';
import { firstDivergence, SignedRoot } from '../../../src/ledger/tree/bisect';
import { RecomputedTree } from '../../../src/cli/recomputed-tree';
import { referenceRoot } from '../../contract/event-store.contract';

const leaf = (i: number, tag = ''): Buffer => createHash('sha256').update(Buffer.from([0])).update(`${i}${tag}`).digest();

/** Every complete subtree of `leaves`, as the store writes them at append time. */
function storedNodes(leaves: Buffer[]): NodeReader {
  const all = new Map<string, Buffer>();
  let frontier = new Map<string, Buffer>();
  leaves.forEach((l, i) => {
    const created = nodesOnAppend(i, frontier, [l]);
    for (const n of created) all.set(nodeKey(n.level, n.index), n.hash);
    frontier = nextFrontier(frontier, created, i + 1);
  });
  return { node: (level, index) => all.get(nodeKey(level, index))! };
}

function recomputedOf(leaves: Buffer[]): RecomputedTree {
  const tree = new RecomputedTree(async (after, limit) => leaves.slice(after, after + limit));
  leaves.forEach((l) => tree.append(l));
  return tree;
}

/** A ledger of `n` signed at `sizes`, then entry `forged` (1-based) rewritten with its leaf hash recomputed. */
function forgery(n: number, sizes: number[], forged: number) {
  const original = Array.from({ length: n }, (_, i) => leaf(i));
  const signed: SignedRoot[] = sizes.map((size) => ({ size, root: referenceRoot(original.slice(0, size)) }));
  const now = original.map((l, i) => (i === forged - 1 ? leaf(i, 'forged') : l));
  const nodes = storedNodes(original); // the tree nodes the forger left alone
  return {
    recomputed: recomputedOf(now), checkpoints: signed,
    consistencyProof: (from: number, to: number) => consistencyProof(from, to, nodes),
    inclusionProof: async (index: number, size: number) => ({ leafHash: await nodes.node(0, index), auditPath: await inclusionProof(index, size, nodes) }),
  };
}

describe('firstDivergence', () => {
  it.each([1, 2, 700, 1023, 1024, 1025, 2999, 3000])('finds forged entry %i of 3,000 signed only at the head, from the stored nodes', async (forged) => {
    expect(await firstDivergence(forgery(3000, [3000], forged))).toEqual({ position: forged });
  });

  it('uses earlier checkpoints to bound it when the store offers no proofs', async () => {
    const { recomputed, checkpoints } = forgery(100, [10, 40, 41, 90, 100], 55);
    expect(await firstDivergence({ recomputed, checkpoints })).toEqual({ after: 41, upTo: 90 });
    expect(await firstDivergence({ recomputed, checkpoints: [...checkpoints, ...forgery(100, [54, 55], 55).checkpoints] })).toEqual({ position: 55 });
  });

  it('returns only the proved range when the store\'s nodes were rewritten too', async () => {
    const e = forgery(64, [64], 20);
    const lying = storedNodes(Array.from({ length: 64 }, (_, i) => leaf(i, i === 19 ? 'forged' : '')));
    const res = await firstDivergence({
      ...e,
      consistencyProof: (from, to) => consistencyProof(from, to, lying),
      inclusionProof: async (index, size) => ({ leafHash: await lying.node(0, index), auditPath: await inclusionProof(index, size, lying) }),
    });
    expect(res).not.toHaveProperty('position');
    expect(res).toMatchObject({ upTo: 64 });
    expect((res as { after: number }).after).toBeLessThan(20);
  });

  it('is null when every signed root still matches', async () => {
    const e = forgery(50, [10, 20, 30], 45);
    expect(await firstDivergence(e)).toBeNull();
  });
});

describe('RecomputedTree', () => {
  it('answers the root of any size, remembering large subtrees and rehashing small ones', async () => {
    const leaves = Array.from({ length: 4500 }, (_, i) => leaf(i));
    const tree = recomputedOf(leaves);
    expect(tree.root()).toEqual(referenceRoot(leaves));
    for (const size of [1, 2, 3, 1023, 1024, 1025, 2048, 3071, 4097, 4500]) {
      expect(await rootAt(size, tree)).toEqual(referenceRoot(leaves.slice(0, size)));
    }
  });
});
