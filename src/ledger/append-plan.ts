import {
  CommitOptions,
  CommitResult,
  ConcurrencyConflictError,
  EventIdConflictError,
  IdempotencyClaim,
  IdempotencyKeyReusedError,
  LedgerEntry,
  NewEvent,
  StreamAppendResult,
  StreamWrite,
} from './event-store.port';
import { validateClaim, validateErasures, validateWrites } from './append-validation';
import { CanonicalParts, canonicalParts, PreparedEntry, prepareEntry } from './prepared-entry';

/**
 * The storage-independent half of an append: validation, optimistic-concurrency and
 * idempotency checks, position assignment and hashing. Adapters read the state it
 * needs in bulk, call planBatch inside their write transaction, and store the rows.
 */

/** A stored entry plus what idempotency checks compare. */
export interface StoredEntry extends LedgerEntry {
  readonly fingerprint: string;
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
  /** Positions whose private parts the batch deletes (CommitOptions.erasePrivate of its successful commits). */
  readonly erased: number[];
  readonly tip: LedgerTip;
}

/** Streams, event ids and idempotency claims a batch touches: what an adapter must look up before planning. */
export function keysOf(requests: readonly CommitRequest[]): { streamIds: string[]; eventIds: string[]; claims: IdempotencyClaim[] } {
  const writes = requests.flatMap((r) => r.writes);
  return {
    streamIds: [...new Set(writes.map((w) => w.streamId))],
    eventIds: writes.flatMap((w) => w.events.map((e) => e.eventId)),
    claims: requests.flatMap((r) => (r.options?.idempotency ? [r.options.idempotency] : [])),
  };
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
  const erased: number[] = [];
  const outcomes = requests.map((request): WriteOutcome => {
    try {
      const outcome = planCommit(request, { tip, versions, existing, claims }, now);
      if (!outcome.replayed) {
        const stored = outcome.prepared.map((p) => ({ ...p.entry, fingerprint: p.fingerprint }));
        erased.push(...(request.options?.erasePrivate ?? []));
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
  return { outcomes, rows, claims: newClaims, erased, tip };
}

function planCommit({ writes, options }: CommitRequest, state: BatchState, now: Date): Planned {
  validateWrites(writes);
  validateErasures(options?.erasePrivate, state.tip.position);
  const claim = options?.idempotency;
  if (claim) {
    validateClaim(claim);
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
      prepared.push(prepareEntry(e, w.streamId, version, position, recordedAt, all[prepared.length].parts));
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
