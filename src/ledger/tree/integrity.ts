import type { LedgerEntry } from '../event-store.port';
import { leafHashOf } from '../hashing';

export interface LedgerIntegrity {
  readonly status: 'ok' | 'corrupt';
  /** First position whose stored bytes no longer hash to their leaf, or whose tree disagrees. */
  readonly firstBadPosition?: number;
  readonly detail?: string;
  /** Positions checked in the current pass of the rolling self-check. */
  readonly checkedUpTo: number;
}

/** What is wrong with a stored entry, if anything: its bytes, its stored hash and its tree leaf must agree. */
export function checkEntry(e: LedgerEntry, treeLeaf: Buffer | undefined): string | null {
  const { leafHash, private: _p, privateSalt: _s, ...envelope } = e;
  const recomputed = leafHashOf(envelope);
  if (recomputed.toString('base64') !== leafHash) return `entry ${e.position} does not hash to its stored leaf hash`;
  if (!treeLeaf || !treeLeaf.equals(recomputed)) return `entry ${e.position} is not the leaf the Merkle tree holds`;
  return null;
}
