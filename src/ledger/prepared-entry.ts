import { randomBytes } from 'node:crypto';
import { canonical, CanonicalJson, canonicalize, CanonicalizationError } from './jcs';
import { leafHashOf, privateDigestOf, sha256Base64OfText } from './hashing';
import { EntryMetadata, InvalidAppendError, LedgerEntry, NewEvent } from './event-store.port';

/**
 * From a new event to the row an adapter stores: canonical JSON (RFC 8785) computed once and
 * reused for the fingerprint, the leaf hash and the stored text, so all three agree byte for byte.
 */

/** One row as adapters persist it: text columns exactly as hashed. */
export interface PreparedEntry {
  readonly entry: LedgerEntry;
  readonly fingerprint: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly privateJson?: string;
}

/** An event's JSON parts, canonicalised once and reused for hashing and storage. */
export interface CanonicalParts {
  readonly data: CanonicalJson;
  readonly metadata: CanonicalJson;
  readonly private?: CanonicalJson;
  /** Content hash compared on a re-append with the same event id. */
  readonly fingerprint: string;
}

export function canonicalParts(streamId: string, e: NewEvent): CanonicalParts {
  try {
    const { actor, role, correlationId, causationId, idempotencyKey } = e.metadata;
    const metadata = canonical({ actor, role, correlationId, causationId, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });
    const data = canonical(e.data);
    const priv = e.private !== undefined ? canonical(e.private) : undefined;
    const content = { streamId, type: e.type, schemaVersion: e.schemaVersion, data, private: priv, metadata };
    const fingerprint = sha256Base64OfText(canonicalize(content));
    return { data, metadata, ...(priv !== undefined ? { private: priv } : {}), fingerprint };
  } catch (err) {
    if (err instanceof CanonicalizationError) throw new InvalidAppendError(`event ${e.eventId}: ${err.message}`);
    throw err;
  }
}

export function prepareEntry(
  e: NewEvent,
  streamId: string,
  streamVersion: number,
  position: number,
  recordedAt: string,
  parts: CanonicalParts,
): PreparedEntry {
  let privateDigest: string | undefined;
  let privateSalt: string | undefined;
  if (parts.private !== undefined) {
    const salt = randomBytes(16);
    privateSalt = salt.toString('base64');
    privateDigest = privateDigestOf(salt, parts.private);
  }
  // The metadata's canonical fields, in their canonical order: the object JSON.parse(parts.metadata.text) would give.
  const { actor, role, correlationId, causationId, idempotencyKey } = e.metadata;
  const metadata: EntryMetadata =
    idempotencyKey !== undefined
      ? { actor, causationId, correlationId, idempotencyKey, role }
      : { actor, causationId, correlationId, role };
  // The envelope's fields in its order, once for the leaf hash with the JSON parts pre-canonicalised (the same JCS
  // text, computed once) and once for the entry; built directly, as this runs for every appended entry.
  const envelope = <D, M>(data: D, meta: M) => ({
    position,
    streamId,
    streamVersion,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data,
    ...(privateDigest !== undefined ? { privateDigest } : {}),
    metadata: meta,
    recordedAt,
  });
  const leafHash = leafHashOf(envelope(parts.data, parts.metadata)).toString('base64');
  const entry: { -readonly [K in keyof LedgerEntry]: LedgerEntry[K] } = envelope(e.data, metadata) as LedgerEntry;
  entry.leafHash = leafHash;
  if (e.private !== undefined) {
    entry.private = e.private;
    entry.privateSalt = privateSalt;
  }
  return {
    entry,
    fingerprint: parts.fingerprint,
    dataJson: parts.data.text,
    metadataJson: parts.metadata.text,
    ...(parts.private !== undefined ? { privateJson: parts.private.text } : {}),
  };
}
