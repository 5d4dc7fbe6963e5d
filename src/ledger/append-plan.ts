import { randomBytes } from 'node:crypto';
import { canonical, CanonicalJson, canonicalize, CanonicalizationError } from './jcs';
import { leafHashOf, privateDigestOf, sha256 } from './hashing';
import {
  CommitOptions,
  CommitResult,
  ConcurrencyConflictError,
  EntryEnvelope,
  EntryMetadata,
  EventIdConflictError,
  IdempotencyClaim,
  IdempotencyKeyReusedError,
  InvalidAppendError,
  LedgerEntry,
  NewEvent,
  StreamAppendResult,
  StreamWrite,
} from './event-store.port';

/**
 * The storage-independent half of an append: validation, optimistic-concurrency and
 * idempotency checks, position assignment and hashing. Adapters read the state it
 * needs in bulk, call planBatch inside their write transaction, and store the rows.
 */

/** A stored entry plus what idempotency checks compare. */
export interface StoredEntry extends LedgerEntry {
  readonly fingerprint: string;
}

/** One row as adapters persist it: text columns exactly as hashed. */
export interface PreparedEntry {
  readonly entry: LedgerEntry;
  readonly fingerprint: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly privateJson?: string;
}

export interface LedgerTip {
  readonly position: number;
  readonly recordedAt: string | null;
}

/** One commit call: its stream writes and options. */
export interface CommitRequest {
  readonly writes: readonly StreamWrite[];
  readonly options?: CommitOptions;
}

/** An idempotency claim as stored, with the entries of the commit that made it. */
export interface StoredClaim {
  readonly requestHash: string;
  readonly entries: readonly StoredEntry[];
}

/** A claim to store beside the entries of the commit that made it (positions first..last). */
export interface PreparedClaim {
  readonly claim: IdempotencyClaim;
  readonly firstPosition: number;
  readonly lastPosition: number;
}

export const claimKey = (scope: string, key: string): string => `${scope}\u0000${key}`;

export interface BatchState {
  readonly tip: LedgerTip;
  readonly versions: ReadonlyMap<string, number>;
  readonly existing: ReadonlyMap<string, StoredEntry>;
  /** Stored claims for the batch's idempotency keys, by claimKey. */
  readonly claims: ReadonlyMap<string, StoredClaim>;
}

export type WriteOutcome =
  | { readonly ok: true; readonly replayed: false; readonly prepared: PreparedEntry[]; readonly result: CommitResult }
  | { readonly ok: true; readonly replayed: true; readonly result: CommitResult }
  | { readonly ok: false; readonly error: Error };

type Planned = Extract<WriteOutcome, { ok: true }>;

export interface BatchPlan {
  readonly outcomes: WriteOutcome[];
  /** Rows to insert, in position order, for every successful write of the batch. */
  readonly rows: PreparedEntry[];
  readonly claims: PreparedClaim[];
  readonly tip: LedgerTip;
}

const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-/]{0,199}$/;
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

/** Streams, event ids and idempotency claims a batch touches: what an adapter must look up before planning. */
export function keysOf(requests: readonly CommitRequest[]): { streamIds: string[]; eventIds: string[]; claims: IdempotencyClaim[] } {
  const writes = requests.flatMap((r) => r.writes);
  return {
    streamIds: [...new Set(writes.map((w) => w.streamId))],
    eventIds: writes.flatMap((w) => w.events.map((e) => e.eventId)),
    claims: requests.flatMap((r) => (r.options?.idempotency ? [r.options.idempotency] : [])),
  };
}

/** An event's JSON parts, canonicalised once and reused for hashing and storage. */
interface CanonicalParts {
  readonly data: CanonicalJson;
  readonly metadata: CanonicalJson;
  readonly private?: CanonicalJson;
  /** Content hash compared on a re-append with the same event id. */
  readonly fingerprint: string;
}

function canonicalParts(streamId: string, e: NewEvent): CanonicalParts {
  try {
    const { actor, role, correlationId, causationId, idempotencyKey } = e.metadata;
    const metadata = canonical({ actor, role, correlationId, causationId, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });
    const data = canonical(e.data);
    const priv = e.private !== undefined ? canonical(e.private) : undefined;
    const content = { streamId, type: e.type, schemaVersion: e.schemaVersion, data, private: priv, metadata };
    const fingerprint = sha256(Buffer.from(canonicalize(content), 'utf8')).toString('base64');
    return { data, metadata, ...(priv !== undefined ? { private: priv } : {}), fingerprint };
  } catch (err) {
    if (err instanceof CanonicalizationError) throw new InvalidAppendError(`event ${e.eventId}: ${err.message}`);
    throw err;
  }
}

/**
 * Plans a batch of independent commits (each a list of stream writes) against one
 * consistent state, as if they were applied one after another. A commit that fails
 * leaves no trace: later commits of the batch see the state without it, so positions
 * stay dense. recordedAt never goes backwards along positions, whatever the clocks do.
 */
export function planBatch(requests: readonly CommitRequest[], state: BatchState, now: Date): BatchPlan {
  const versions = new Map(state.versions);
  const existing = new Map(state.existing);
  const claims = new Map(state.claims);
  let tip = state.tip;
  const rows: PreparedEntry[] = [];
  const newClaims: PreparedClaim[] = [];
  const outcomes = requests.map((request): WriteOutcome => {
    try {
      const outcome = planCommit(request, { tip, versions, existing, claims }, now);
      if (!outcome.replayed) {
        const stored = outcome.prepared.map((p) => ({ ...p.entry, fingerprint: p.fingerprint }));
        for (const p of outcome.prepared) rows.push(p);
        for (const e of stored) existing.set(e.eventId, e);
        for (const s of outcome.result.streams) versions.set(s.streamId, s.version);
        tip = { position: outcome.result.position, recordedAt: outcome.prepared[0].entry.recordedAt };
        const claim = request.options?.idempotency;
        if (claim) {
          claims.set(claimKey(claim.scope, claim.key), { requestHash: claim.requestHash, entries: stored });
          newClaims.push({ claim, firstPosition: stored[0].position, lastPosition: outcome.result.position });
        }
      }
      return outcome;
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  });
  return { outcomes, rows, claims: newClaims, tip };
}

function planCommit({ writes, options }: CommitRequest, state: BatchState, now: Date): Planned {
  validate(writes);
  const claim = options?.idempotency;
  if (claim) {
    for (const k of ['scope', 'key', 'requestHash'] as const) {
      if (typeof claim[k] !== 'string' || claim[k].length === 0 || claim[k].length > 255)
        throw new InvalidAppendError(`idempotency.${k} must be a string of 1 to 255 characters`);
    }
    const stored = state.claims.get(claimKey(claim.scope, claim.key));
    if (stored && stored.requestHash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
    if (stored) return { ok: true, replayed: true, result: replayResult(stored.entries) };
  }
  const all = writes.flatMap((w) => w.events.map((e) => ({ streamId: w.streamId, event: e, parts: canonicalParts(w.streamId, e) })));
  const found = all.filter((x) => state.existing.has(x.event.eventId));
  if (found.length > 0) return replayOf(all, found.length, state.existing);

  for (const w of writes) {
    const actual = state.versions.get(w.streamId) ?? 0;
    const ok = w.expectedVersion === 'any' ? true : w.expectedVersion === 'no_stream' ? actual === 0 : actual === w.expectedVersion;
    if (!ok) throw new ConcurrencyConflictError(w.streamId, w.expectedVersion, actual);
  }

  const nowIso = now.toISOString();
  const recordedAt = state.tip.recordedAt !== null && state.tip.recordedAt > nowIso ? state.tip.recordedAt : nowIso;
  let position = state.tip.position;
  const prepared: PreparedEntry[] = [];
  const streams: StreamAppendResult[] = [];
  for (const w of writes) {
    let version = state.versions.get(w.streamId) ?? 0;
    for (const e of w.events) {
      position += 1;
      version += 1;
      prepared.push(prepare(e, w.streamId, version, position, recordedAt, all[prepared.length].parts));
    }
    if (w.events.length > 0) streams.push({ streamId: w.streamId, version });
  }
  return { ok: true, replayed: false, prepared, result: { streams, entries: prepared.map((p) => p.entry), position, replayed: false } };
}

function replayOf(
  all: { streamId: string; event: NewEvent; parts: CanonicalParts }[],
  foundCount: number,
  existing: ReadonlyMap<string, StoredEntry>,
): Planned {
  if (foundCount !== all.length) {
    const first = all.find((x) => existing.has(x.event.eventId))!;
    throw new EventIdConflictError(
      first.event.eventId,
      'already stored, but the rest of this append is not: a retry must resend exactly the original events',
    );
  }
  const entries = all.map((x) => {
    const stored = existing.get(x.event.eventId)!;
    if (stored.fingerprint !== x.parts.fingerprint)
      throw new EventIdConflictError(x.event.eventId, 'already stored with different content');
    return stored;
  });
  return { ok: true, replayed: true, result: replayResult(entries) };
}

/** The result of an earlier commit, rebuilt from its stored entries. */
export function replayResult(stored: readonly StoredEntry[]): CommitResult {
  const entries = [...stored].sort((a, b) => a.position - b.position).map(stripFingerprint);
  const last = new Map<string, number>();
  for (const e of entries) last.set(e.streamId, Math.max(last.get(e.streamId) ?? 0, e.streamVersion));
  const streams = [...last].map(([streamId, version]) => ({ streamId, version }));
  return { streams, entries, position: entries[entries.length - 1].position, replayed: true };
}

function stripFingerprint({ fingerprint: _f, ...entry }: StoredEntry): LedgerEntry {
  return entry;
}

function prepare(
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
  const metadata = JSON.parse(parts.metadata.text) as EntryMetadata;
  const envelope: EntryEnvelope = {
    position,
    streamId,
    streamVersion,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    ...(privateDigest !== undefined ? { privateDigest } : {}),
    metadata,
    recordedAt,
  };
  // The same envelope with its JSON parts pre-canonicalised: identical JCS text, computed once.
  const leafHash = leafHashOf({ ...envelope, data: parts.data, metadata: parts.metadata }).toString('base64');
  const entry: LedgerEntry = {
    ...envelope,
    leafHash,
    ...(e.private !== undefined ? { private: e.private, privateSalt } : {}),
  };
  return {
    entry,
    fingerprint: parts.fingerprint,
    dataJson: parts.data.text,
    metadataJson: parts.metadata.text,
    ...(parts.private !== undefined ? { privateJson: parts.private.text } : {}),
  };
}

function validate(writes: readonly StreamWrite[]): void {
  if (!Array.isArray(writes) || writes.every((w) => !Array.isArray(w?.events) || w.events.length === 0))
    throw new InvalidAppendError('an append needs at least one event');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const w of writes) {
    if (!STREAM_ID.test(w.streamId)) throw new InvalidAppendError(`invalid stream id ${JSON.stringify(w.streamId)}`);
    if (streams.has(w.streamId)) throw new InvalidAppendError(`stream ${w.streamId} appears twice in one append`);
    streams.add(w.streamId);
    const ev = w.expectedVersion;
    if (!(ev === 'any' || ev === 'no_stream' || (Number.isSafeInteger(ev) && ev >= 0))) {
      throw new InvalidAppendError(`invalid expectedVersion ${JSON.stringify(ev)}`);
    }
    // A write without events is a guard: the commit goes ahead only if that stream is still at the
    // expected version (a decision that read it must not stand once it has moved).
    if (w.events.length === 0 && ev === 'any') throw new InvalidAppendError(`no events for stream ${w.streamId}, and no version to guard`);
    for (const e of w.events) {
      if (typeof e.eventId !== 'string' || !EVENT_ID.test(e.eventId))
        throw new InvalidAppendError(`invalid event id ${JSON.stringify(e.eventId)}`);
      if (ids.has(e.eventId)) throw new InvalidAppendError(`event id ${e.eventId} appears twice in one append`);
      ids.add(e.eventId);
      if (typeof e.type !== 'string' || !EVENT_TYPE.test(e.type))
        throw new InvalidAppendError(`invalid event type ${JSON.stringify(e.type)}`);
      if (!Number.isSafeInteger(e.schemaVersion) || e.schemaVersion < 1)
        throw new InvalidAppendError(`invalid schemaVersion for ${e.eventId}`);
      if (e.data === null || typeof e.data !== 'object' || Array.isArray(e.data))
        throw new InvalidAppendError(`data of ${e.eventId} must be a JSON object`);
      const m = e.metadata;
      for (const k of ['actor', 'role', 'correlationId', 'causationId'] as const) {
        if (typeof m?.[k] !== 'string' || m[k].length === 0)
          throw new InvalidAppendError(`metadata.${k} of ${e.eventId} must be a non-empty string`);
      }
      if (m.idempotencyKey !== undefined && typeof m.idempotencyKey !== 'string')
        throw new InvalidAppendError(`metadata.idempotencyKey of ${e.eventId} must be a string`);
      if (e.private !== undefined && (e.private === null || typeof e.private !== 'object' || Array.isArray(e.private))) {
        throw new InvalidAppendError(`private part of ${e.eventId} must be a JSON object`);
      }
    }
  }
}
