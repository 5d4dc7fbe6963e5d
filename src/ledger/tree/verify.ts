import { timingSafeEqual } from 'node:crypto';
import { nodeHash } from '../hashing';
import { consistencyOrder, inclusionOrder } from './proof-order';

/**
 * Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it, over 32-byte SHA-256
 * hashes. The order of hashing comes from proof-order.ts, which the portal's browser check shares;
 * this folds it with node:crypto. The offline verifier and the server share it. Never throws:
 * anything malformed is simply not a valid proof.
 */
const HASH_SIZE = 32;

const wellFormed = (hashes: readonly Buffer[]): boolean => hashes.every((h) => Buffer.isBuffer(h) && h.length === HASH_SIZE);
const equal = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Buffer, proof: readonly Buffer[], root: Buffer): boolean {
  const sides = inclusionOrder(leafIndex, treeSize, proof.length);
  if (!sides || !wellFormed([leafHash, root, ...proof])) return false;
  const r = proof.reduce((acc, p, i) => (sides[i] === 'left' ? nodeHash(p, acc) : nodeHash(acc, p)), leafHash);
  return equal(r, root);
}

export function verifyConsistency(size1: number, size2: number, proof: readonly Buffer[], root1: Buffer, root2: Buffer): boolean {
  const plan = consistencyOrder(size1, size2, proof.length);
  if (!plan) return false;
  if (plan.sameTree) return proof.length === 0 && root1.equals(root2);
  if (!wellFormed([root1, root2, ...proof])) return false;
  const path = plan.seedIsRoot1 ? [root1, ...proof] : [...proof];
  let fr = path[0];
  let sr = path[0];
  plan.steps.forEach((step, i) => {
    const c = path[i + 1];
    if (step === 'both') {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    } else {
      sr = nodeHash(sr, c);
    }
  });
  return equal(fr, root1) && equal(sr, root2);
}
