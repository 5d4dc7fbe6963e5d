import { NodeReader, rootAt } from './merkle';
import { verifyConsistency, verifyInclusion } from './verify';

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
   * Proofs the store builds from its tree nodes (complete subtrees written at append time). Not
   * trusted: each is checked against a signed root before it is believed.
   */
  consistencyProof?(from: number, to: number): Promise<Buffer[]>;
  inclusionProof?(leafIndex: number, treeSize: number): Promise<{ leafHash: Buffer; auditPath: Buffer[] }>;
}

/** Exactly where the entries leave the signed tree, or the range it is proved to lie in. */
export type Divergence = { readonly position: number } | { readonly after: number; readonly upTo: number };

/**
 * The first position whose leaf differs from what the signed trees committed to, for when a root
 * is wrong although every stored leaf hash matches its entry (the forger recomputed it).
 * 1. Signed checkpoints: a prefix is intact exactly up to the first checkpoint whose root the
 *    entries no longer have (binary search); the damage lies after the one before it.
 * 2. Within that range, the store's consistency proofs: the first m entries are what the signed
 *    tree committed to iff the proof from m to the signed size verifies with their recomputed
 *    root — monotone in m, so binary search again, O(log n) proofs.
 * 3. The position found is confirmed with an inclusion proof of the leaf the signed tree holds
 *    there. If the store's nodes were rewritten too, only the proved range is returned.
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
  let after = lo > 0 ? signed[lo - 1].size : 0; // the first `after` entries are proved intact
  let upTo = bad.size; // the first `upTo` are not
  if (e.consistencyProof) {
    while (upTo - after > 1) {
      const m = Math.floor((after + upTo) / 2);
      const proof = await e.consistencyProof(m, bad.size).catch(() => null);
      if (proof && verifyConsistency(m, bad.size, proof, await rootAt(m, e.recomputed), bad.root)) after = m;
      else upTo = m;
    }
  }
  if (upTo - after !== 1) return { after, upTo };
  // The first upTo − 1 entries are intact. If upTo is the signed size, its root alone proves leaf upTo
  // differs; else the signed tree's own leaf there must be shown to differ from the recomputed one.
  if (upTo === bad.size) return { position: upTo };
  const committed = await e.inclusionProof?.(upTo - 1, bad.size).catch(() => null);
  const recomputedLeaf = await e.recomputed.node(0, upTo - 1);
  if (committed && verifyInclusion(upTo - 1, bad.size, committed.leafHash, committed.auditPath, bad.root) && !committed.leafHash.equals(recomputedLeaf)) {
    return { position: upTo };
  }
  return { after: upTo - 1, upTo: bad.size };
}
