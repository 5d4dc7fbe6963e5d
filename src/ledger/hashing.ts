import { createHash, hash } from 'node:crypto';
import { canonicalize } from './jcs';

/**
 * The one place ledger hashes are computed (API.md "Ledger entry envelope"; RFC 9162 §2.1.1). The hashes an
 * append computes use the one-shot crypto.hash (Node ≥ 20.12): no Hash object per hash, about 1 µs less each.
 */
const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** SHA-256 of a string's UTF-8 bytes, hashed from the string itself. */
export function sha256OfText(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}

/** The same in base64. */
export function sha256Base64OfText(text: string): string {
  return hash('sha256', text, 'base64');
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
  // U+0000 is the one byte 0x00 in UTF-8: the prefix and the JCS text hash as one string.
  return sha256OfText(`\u0000${canonicalize(envelope)}`);
}

/** SHA-256(0x01 ‖ left ‖ right): an interior Merkle node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/** base64(SHA-256(salt ‖ JCS(private))): how an entry commits to its private part. */
export function privateDigestOf(salt: Buffer, privatePart: object): string {
  return sha256(salt, Buffer.from(canonicalize(privatePart), 'utf8')).toString('base64');
}
