import { createHash } from 'node:crypto';
import { canonicalize } from './jcs';

/** The one place ledger hashes are computed (API.md "Ledger entry envelope"; RFC 9162 §2.1.1). */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The bytes a leaf hashes: JCS(envelope), UTF-8. The envelope must not contain leafHash. */
export function leafBytesOf(envelope: object): Buffer {
  return Buffer.from(canonicalize(envelope), 'utf8');
}

/** SHA-256(0x00 ‖ bytes): the leaf hash of an entry's canonical bytes (as a tlog-proof carries them). */
export function leafHashOfBytes(bytes: Buffer): Buffer {
  return sha256(LEAF_PREFIX, bytes);
}

/** SHA-256(0x00 ‖ JCS(envelope)), raw bytes. The envelope must not contain leafHash. */
export function leafHashOf(envelope: object): Buffer {
  return leafHashOfBytes(leafBytesOf(envelope));
}

/** SHA-256(0x01 ‖ left ‖ right): an interior Merkle node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** base64(SHA-256(salt ‖ JCS(private))): how an entry commits to its private part. */
export function privateDigestOf(salt: Buffer, privatePart: object): string {
  return sha256(salt, Buffer.from(canonicalize(privatePart), 'utf8')).toString('base64');
}
