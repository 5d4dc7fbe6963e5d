import { createHash } from 'node:crypto';
import canonicalizeIndependent from 'canonicalize';
import type { LedgerEntry } from '../../src/ledger/event-store.port';

/**
 * The references tests check the ledger against, written from the specifications and sharing no code
 * with src/: RFC 9162 §2.1.1 (MTH) with node:crypto, and the leaf hash of API.md with the independent
 * `canonicalize` package for RFC 8785. One copy for every suite that needs them.
 */
const sha = (...parts: (Buffer | string)[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** RFC 9162 MTH straight from its definition: k is the largest power of two smaller than n. */
export function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.from([0x01]), referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

/** base64(SHA-256(0x00 ‖ JCS(envelope))), the envelope without leafHash, private and privateSalt (API.md). */
export function independentLeafHash(entry: LedgerEntry): string {
  const { leafHash: _l, private: _p, privateSalt: _s, ...envelope } = entry;
  return sha(Buffer.from([0x00]), Buffer.from(canonicalizeIndependent(envelope)!, 'utf8')).toString('base64');
}
