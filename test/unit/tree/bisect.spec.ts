import { createHash } from 'node:crypto';
import { nextFrontier, NodeReader, nodeKey, nodesOnAppend, rootAt } from '../../../src/ledger/tree/merkle';
import { firstDivergence, SignedRoot } from '../../../src/ledger/tree/bisect';
import { RecomputedTree } from '../../../src/cli/recomputed-tree';
import { referenceRoot } from '../../support/reference-merkle';

const leaf = (i: number, tag = ''): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(`${i}${tag}`)
    .digest();

/** Every complete subtree of `leaves`, as the store writes them at append time. */
function storedNodes(leaves: Buffer[]): Map<string, Buffer> {
  const all = new Map<string, Buffer>();
  let frontier = new Map<string, Buffer>();
  leaves.forEach((l, i) => {
    const created = nodesOnAppend(i, frontier, [l]);
    for (const n of created) all.set(nodeKey(n.level, n.index), n.hash);
    frontier = nextFrontier(frontier, created, i + 1);
  });
  return all;
}

function recomputedOf(leaves: Buffer[]): RecomputedTree {
  const tree = new RecomputedTree((after, limit) => Promise.resolve(leaves.slice(after, after + limit)));
  leaves.forEach((l) => tree.append(l));
  return tree;
}

/** A ledger of `n` signed at `sizes`, then entry `forged` (1-based) rewritten with its leaf hash recomputed. */
function forgery(
  n: number,
  sizes: number[],
  forged: number,
  rewriteNodes: (nodes: Map<string, Buffer>, now: Buffer[]) => void = () => undefined,
) {
  const original = Array.from({ length: n }, (_, i) => leaf(i));
  const signed: SignedRoot[] = sizes.map((size) => ({ size, root: referenceRoot(original.slice(0, size)) }));
  const now = original.map((l, i) => (i === forged - 1 ? leaf(i, 'forged') : l));
  const nodes = storedNodes(original); // the tree nodes as appended
  rewriteNodes(nodes, now);
  const stored: NodeReader = { node: (level, index) => nodes.get(nodeKey(level, index))! };
  return { recomputed: recomputedOf(now), checkpoints: signed, stored };
}

describe('firstDivergence', () => {
  it.each([1, 2, 700, 1023, 1024, 1025, 2999, 3000])(
    'finds forged entry %i of 3,000 signed only at the head, from the stored nodes',
    async (forged) => {
      expect(await firstDivergence(forgery(3000, [3000], forged))).toEqual({ position: forged });
    },
  );

  it("uses earlier checkpoints to bound it without the store's nodes", async () => {
    const { recomputed, checkpoints } = forgery(100, [10, 40, 41, 90, 100], 55);
    expect(await firstDivergence({ recomputed, checkpoints })).toEqual({ after: 41, upTo: 90 });
    expect(await firstDivergence({ recomputed, checkpoints: [...checkpoints, ...forgery(100, [54, 55], 55).checkpoints] })).toEqual({
      position: 55,
    });
  });

  // Which of the two leaves under the last believed node differs, nothing signed can tell.
  it.each([1, 2, 20, 33, 63, 64])(
    'narrows forged entry %i of 64 to its pair of leaves when the forger rewrote its tree leaf too',
    async (forged) => {
      const e = forgery(64, [64], forged, (nodes, now) => nodes.set(nodeKey(0, forged - 1), now[forged - 1]));
      const pair = 2 * Math.floor((forged - 1) / 2);
      expect(await firstDivergence(e)).toEqual({ after: pair, upTo: pair + 2 });
      // An earlier checkpoint between the two settles it.
      const withCheckpoint = forgery(64, [pair + 1, 64], forged, (nodes, now) => nodes.set(nodeKey(0, forged - 1), now[forged - 1]));
      expect(await firstDivergence(withCheckpoint)).toEqual({ position: forged });
    },
  );

  it('returns the smallest proved range when the forger rewrote the whole stored tree', async () => {
    const e = forgery(64, [30, 64], 40, (nodes, now) => {
      const forgedTree = storedNodes(now);
      for (const k of nodes.keys()) nodes.set(k, forgedTree.get(k)!);
    });
    expect(await firstDivergence(e)).toEqual({ after: 30, upTo: 64 });
  });

  it('is null when every signed root still matches', async () => {
    expect(await firstDivergence(forgery(50, [10, 20, 30], 45))).toBeNull();
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
