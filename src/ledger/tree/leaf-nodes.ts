import { lastLeaf, StoredNode } from './merkle';

/**
 * How both adapters store the Merkle tree since issue 18 (SQLite migration 7, PostgreSQL migration 8): the nodes
 * leaf i completes, itself at level 0 and then each parent whose last leaf it is, go into entry i+1's tree_nodes
 * column as their 32-byte hashes, levels 0, 1, … concatenated, written by the entry's own INSERT. Node (level, idx)
 * is thus bytes [32·level, 32·level + 32) of entry (idx + 1)·2^level's tree_nodes. Entries written before those
 * migrations have NULL there; their nodes are read from ledger_tree instead.
 */

export const HASH_BYTES = 32;

/**
 * The tree_nodes value of each of `count` leaves from `firstLeaf`, from the nodes nodesOnAppend made for them
 * (which lists each leaf's nodes together, levels ascending: the order stored).
 */
export function nodesByLeaf(firstLeaf: number, count: number, created: readonly StoredNode[]): Buffer[] {
  const perLeaf: Buffer[][] = Array.from({ length: count }, () => []);
  for (const n of created) {
    const hashes = perLeaf[lastLeaf(n.level, n.index) - firstLeaf];
    if (!hashes || hashes.length !== n.level || n.hash.length !== HASH_BYTES)
      throw new Error(`Merkle node ${n.level}:${n.index} does not belong to leaves ${firstLeaf}…${firstLeaf + count - 1}`);
    hashes.push(n.hash);
  }
  return perLeaf.map((hashes) => Buffer.concat(hashes));
}
