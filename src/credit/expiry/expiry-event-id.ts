import { createHash } from 'node:crypto';

/** Fixed namespace of this service's derived event ids. */
const NAMESPACE = '6f1c2a4e-8b7d-4d0e-9a53-c1e2f4b6a8d0';

/** RFC 9562 §5.5 UUIDv5 (name-based, SHA-1): the same name gives the same id on every instance, forever. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a penalty's CreditPublicationEnded, with or without a dishonesty record: derived from the penalty
 * id (a penalty has one publication, its record shares it), so there is only ever one.
 */
export const expiryEventId = (penaltyId: string): string => uuidV5(NAMESPACE, `CreditPublicationEnded/${penaltyId}`);
