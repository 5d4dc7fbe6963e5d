import { timingSafeEqual } from 'node:crypto';
import { nodeHash } from '../hashing';

/**
 * Proof verification exactly as RFC 9162 §2.1.3.2 and §2.1.4.2 describe it, over 32-byte SHA-256
 * hashes. Framework-free: the offline verifier and the server share it. Never throws: anything
 * malformed is simply not a valid proof.
 */
const HASH_SIZE = 32;

const isSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const wellFormed = (hashes: readonly Buffer[]): boolean => hashes.every((h) => Buffer.isBuffer(h) && h.length === HASH_SIZE);
const equal = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

// fn and sn can exceed 2^32: shift with arithmetic, not bit operators.
const lsb = (n: number): boolean => n % 2 === 1;
const shr = (n: number): number => Math.floor(n / 2);

export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Buffer, proof: readonly Buffer[], root: Buffer): boolean {
  if (!isSize(leafIndex) || !isSize(treeSize) || leafIndex >= treeSize) return false;
  if (!wellFormed([leafHash, root, ...proof])) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = shr(fn);
          sn = shr(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = shr(fn);
    sn = shr(sn);
  }
  return sn === 0 && equal(r, root);
}

export function verifyConsistency(size1: number, size2: number, proof: readonly Buffer[], root1: Buffer, root2: Buffer): boolean {
  // Edge cases around §2.1.4.2, as the public vectors settle them: a proof from the empty tree
  // proves nothing and is refused; equal sizes need identical roots and an empty proof.
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (!wellFormed([root1, root2, ...proof])) return false;
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(size1)) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (lsb(fn)) {
    fn = shr(fn);
    sn = shr(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0) {
          fn = shr(fn);
          sn = shr(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = shr(fn);
    sn = shr(sn);
  }
  return equal(fr, root1) && equal(sr, root2) && sn === 0;
}
