import { nodeHash } from '../hashing';
import { NodeReader, rangeHash, rootAt, splitPoint } from './merkle';

/** A checkpoint whose signature has been checked with the pinned key. */
export interface SignedRoot {
  readonly size: number;
  readonly root: Buffer;
}

/** What a verifier can hold against the entries it recomputed. */
export interface DivergenceEvidence {
  /** The tree recomputed from the entries as they are stored now. */
  readonly recomputed: NodeReader;
  /** Signed checkpoints, any order: the only thing trusted. */
  readonly checkpoints: readonly SignedRoot[];
  /**
   * The store's tree (complete subtrees written at append time). Not trusted: a node is believed
   * only once it hashes, with its sibling, to a node already believed — from a signed root down.
   */
  readonly stored?: NodeReader;
}

/** Exactly where the entries leave the signed tree, or the range it is proved to lie in: (after, upTo]. */
export type Divergence = { readonly position: number } | { readonly after: number; readonly upTo: number };

/**
 * The first position whose leaf differs from what the signed trees committed to, for when a root
 * is wrong although every stored leaf hash matches its entry (the forger recomputed it).
 * 1. Signed checkpoints: the entries are intact exactly up to the first checkpoint whose root
 *    they no longer have (binary search); the damage lies after the checkpoint before it.
 * 2. In that checkpoint's tree and the latest's, down from the signed root: the store's two children of a
 *    believed node are believed when they hash to it; the recomputed left child then says which
 *    side the first difference is on. O(log n) steps to one leaf. Where the store's nodes were
 *    rewritten too, a child is still believed if it hashes to the node with the recomputed other
 *    child; failing that, the smallest subtree proved to hold the difference is returned.
 * Returns null when every signed checkpoint still matches.
 */
export async function firstDivergence(e: DivergenceEvidence): Promise<Divergence | null> {
  const signed = [...new Map(e.checkpoints.map((c) => [c.size, c])).values()].filter((c) => c.size > 0).sort((a, b) => a.size - b.size);
  const intact = async (c: SignedRoot): Promise<boolean> => (await rootAt(c.size, e.recomputed)).equals(c.root);
  let lo = 0;
  let hi = signed.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (await intact(signed[mid])) lo = mid + 1;
    else hi = mid;
  }
  if (lo === signed.length) return null;
  const bad = signed[lo];
  let after = lo > 0 ? signed[lo - 1].size : 0; // the first `after` entries are intact
  let upTo = bad.size;
  // Down the first tree that differs, and down the largest, whose nodes above the damage are more
  // often whole subtrees the store still has: each bounds the same first position.
  for (const tree of e.stored ? new Set([bad, signed[signed.length - 1]]) : []) {
    const found = await descend(e.recomputed, e.stored!, tree);
    if ('position' in found) return found;
    after = Math.max(after, found.after);
    upTo = Math.min(upTo, found.upTo);
  }
  return upTo - after === 1 ? { position: upTo } : { after, upTo };
}

/** Step 2: from the signed root of `bad` down the RFC 9162 tree to the first leaf that differs. */
async function descend(recomputed: NodeReader, stored: NodeReader, bad: SignedRoot): Promise<Divergence> {
  let start = 0;
  let end = bad.size;
  let committed = bad.root; // believed: the signed hash of [start, end), which the entries no longer have
  while (end - start > 1) {
    const mid = start + splitPoint(end - start);
    const [left, right] = await Promise.all([rangeHash(stored, start, mid), rangeHash(stored, mid, end)]).catch(() => [null, null]);
    const ownLeft = await rangeHash(recomputed, start, mid);
    if (left && right && nodeHash(left, right).equals(committed)) {
      if (!ownLeft.equals(left)) [end, committed] = [mid, left];
      else [start, committed] = [mid, right];
    } else if (right && nodeHash(ownLeft, right).equals(committed)) {
      [start, committed] = [mid, right]; // the left half is intact; the store's right half is the signed one
    } else if (left && nodeHash(left, await rangeHash(recomputed, mid, end)).equals(committed)) {
      [end, committed] = [mid, left]; // the right half is intact; the difference is on the left
    } else {
      break; // the store's nodes here are not the signed ones either
    }
  }
  return end - start === 1 ? { position: end } : { after: start, upTo: end };
}
