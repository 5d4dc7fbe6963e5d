import { nodeHash } from '../ledger/hashing';
import { NodeReader, nodeKey } from '../ledger/tree/merkle';
import { StreamingTree } from '../ledger/tree/streaming-tree';

/** Subtrees of 2^10 leaves and up are remembered; smaller ones are rehashed from one re-read block. */
const KEPT_LEVEL = 10;
const BLOCK = 2 ** KEPT_LEVEL;

/**
 * The Merkle tree of the entries as the verifier recomputed them, grown while it streams the
 * ledger. It keeps only the frontier and the complete subtrees of 1,024 leaves or more (about one
 * hash per 512 entries), so it can later answer any node — and so the root of any size — for the
 * search of the first altered entry, re-reading at most one block of entries per lookup.
 */
export class RecomputedTree implements NodeReader {
  private readonly tree = new StreamingTree();
  private readonly kept = new Map<string, Buffer>();
  private block: { index: number; leaves: Buffer[] } | null = null;

  /** `reread(after, limit)`: the recomputed leaf hashes of up to `limit` entries after position `after`. */
  constructor(private readonly reread: (after: number, limit: number) => Promise<Buffer[]>) {}

  get size(): number {
    return this.tree.size;
  }

  append(leafHash: Buffer): void {
    for (const n of this.tree.append(leafHash)) if (n.level >= KEPT_LEVEL) this.kept.set(nodeKey(n.level, n.index), n.hash);
  }

  root(): Buffer {
    return this.tree.root();
  }

  async node(level: number, index: number): Promise<Buffer> {
    const first = index * 2 ** level;
    const width = 2 ** level;
    if (first + width > this.tree.size) throw new RangeError(`node ${level}:${index} is not complete in a tree of ${this.tree.size}`);
    if (level >= KEPT_LEVEL) return this.kept.get(nodeKey(level, index))!;
    const blockIndex = Math.floor(first / BLOCK);
    if (this.block?.index !== blockIndex) this.block = { index: blockIndex, leaves: await this.reread(blockIndex * BLOCK, BLOCK) };
    let layer = this.block.leaves.slice(first - blockIndex * BLOCK, first - blockIndex * BLOCK + width);
    if (layer.length !== width)
      throw new Error(`the ledger changed under the verifier: entries ${first + 1}–${first + width} could not be read again`);
    while (layer.length > 1) layer = layer.filter((_, i) => i % 2 === 0).map((left, i) => nodeHash(left, layer[2 * i + 1]));
    return layer[0];
  }
}
