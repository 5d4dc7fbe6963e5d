import { readFileSync } from 'node:fs';
import { verifyConsistency, verifyInclusion } from './verify';

/**
 * One proof in the layout of the public vectors (test/fixtures/merkle-vectors, from
 * transparency-dev/merkle): inclusion {leafIdx, treeSize, root, leafHash, proof[]} or
 * consistency {size1, size2, root1, root2, proof[]}, hashes in base64.
 */
export type ProofCheck = 'valid' | 'invalid' | 'malformed';

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function hashOf(v: unknown): Buffer | undefined {
  if (typeof v !== 'string' || !B64.test(v) || v.length % 4 !== 0) return undefined;
  return Buffer.from(v, 'base64');
}

function proofOf(v: unknown): Buffer[] | undefined {
  if (v === null || v === undefined) return []; // the vectors write an absent proof as null
  if (!Array.isArray(v)) return undefined;
  const out = v.map(hashOf);
  return out.every((h) => h !== undefined) ? (out as Buffer[]) : undefined;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function checkProofDocument(doc: unknown): ProofCheck {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'malformed';
  const d = doc as Record<string, unknown>;
  if ('leafIdx' in d || 'leafHash' in d) {
    const leafHash = hashOf(d.leafHash);
    const root = hashOf(d.root);
    const proof = proofOf(d.proof);
    if (!isCount(d.leafIdx) || !isCount(d.treeSize) || !leafHash || !root || !proof) return 'malformed';
    return verifyInclusion(d.leafIdx, d.treeSize, leafHash, proof, root) ? 'valid' : 'invalid';
  }
  if ('size1' in d || 'size2' in d) {
    const root1 = hashOf(d.root1);
    const root2 = hashOf(d.root2);
    const proof = proofOf(d.proof);
    if (!isCount(d.size1) || !isCount(d.size2) || !root1 || !root2 || !proof) return 'malformed';
    return verifyConsistency(d.size1, d.size2, proof, root1, root2) ? 'valid' : 'invalid';
  }
  return 'malformed';
}

/** `ledger check-proof FILE`: exit code 0 valid, 1 invalid, 2 malformed (or unreadable). */
export function runCheckProof(file: string): { code: 0 | 1 | 2; result: ProofCheck } {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { code: 2, result: 'malformed' };
  }
  const result = checkProofDocument(doc);
  return { code: result === 'valid' ? 0 : result === 'invalid' ? 1 : 2, result };
}
