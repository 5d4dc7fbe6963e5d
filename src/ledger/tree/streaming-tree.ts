import { nodeHash } from '../hashing';
import { EMPTY_ROOT, frontierOf, nextFrontier, nodeKey, nodesOnAppend, StoredNode } from './merkle';

/**
 * A Merkle tree grown leaf by leaf in O(log n) memory (only its frontier), for verifiers that
 * stream a whole ledger: the root of the current size is the right fold of the frontier.
 */
export class StreamingTree {
  private frontier = new Map<string, Buffer>();
  size = 0;

  /** Returns the complete subtrees the leaf completes (the leaf itself first). */
  append(leafHash: Buffer): StoredNode[] {
    const created = nodesOnAppend(this.size, this.frontier, [leafHash]);
    this.frontier = nextFrontier(this.frontier, created, this.size + 1);
    this.size += 1;
    return created;
  }

  root(): Buffer {
    if (this.size === 0) return EMPTY_ROOT;
    // frontierOf lists the complete subtrees smallest first: fold from the right edge.
    const nodes = frontierOf(this.size).map(({ level, index }) => this.frontier.get(nodeKey(level, index))!);
    return nodes.slice(1).reduce((right, left) => nodeHash(left, right), nodes[0]);
  }
}
