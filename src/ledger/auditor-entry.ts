import type { LedgerEntry } from './event-store.port';

/**
 * An entry as auditors read it (GET /v1/ledger/events, project history): `privateErased: true` once its private
 * part was erased (PIPL art. 47) — a privateDigest without its private part and salt; the digest stays, the leaf hash
 * covers it. Like `private` and `privateSalt`, the flag is not part of the hashed envelope: verifiers drop all three.
 */
export type AuditorEntry = LedgerEntry & { readonly privateErased?: true };

export function auditorEntry(entry: LedgerEntry): AuditorEntry {
  return entry.privateDigest !== undefined && entry.private === undefined ? { ...entry, privateErased: true } : entry;
}
