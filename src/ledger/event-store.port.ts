import type { Json } from './jcs';

export type JsonObject = { [key: string]: Json };

/** Who did it and why: recorded on every entry and covered by its leaf hash. */
export interface EntryMetadata {
  readonly actor: string;
  readonly role: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly idempotencyKey?: string;
}

/** An event as a writer hands it to the store. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  /** Personal data and private notes: stored beside the entry, committed to by privateDigest. */
  readonly private?: JsonObject;
  readonly metadata: EntryMetadata;
}

/** The public envelope of API.md, without leafHash: exactly what the leaf hash covers. */
export interface EntryEnvelope {
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
  readonly privateDigest?: string;
  readonly metadata: EntryMetadata;
  readonly recordedAt: string;
}

export interface LedgerEntry extends EntryEnvelope {
  /** base64 SHA-256(0x00 ‖ JCS(envelope)). */
  readonly leafHash: string;
  /** Only for auditors and owners; never part of the hash. Absent once erased. */
  readonly private?: JsonObject;
  readonly privateSalt?: string;
}

/**
 * `n`: the stream's last version must be n (0 = the stream is empty);
 * 'no_stream': the stream must not exist; 'any': no check.
 */
export type ExpectedVersion = number | 'no_stream' | 'any';

export interface StreamWrite {
  readonly streamId: string;
  /** May be empty: then the write only guards the stream's version (the commit needs one event somewhere). */
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion;
}

export interface StreamAppendResult {
  readonly streamId: string;
  /** The stream's version after the append (its last event's streamVersion). */
  readonly version: number;
}

export interface CommitResult {
  readonly streams: readonly StreamAppendResult[];
  /** Entries in position order: the ones just appended, or the originals on an idempotent replay. */
  readonly entries: readonly LedgerEntry[];
  /** Global position of the last entry. */
  readonly position: number;
  /** True when every event id was already stored with the same content: nothing was appended. */
  readonly replayed: boolean;
}

/**
 * An Idempotency-Key claimed by a commit, stored in the same transaction as its entries.
 * `scope` keeps callers apart (the API key id); `requestHash` identifies the request.
 */
export interface IdempotencyClaim {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
}

export interface CommitOptions {
  readonly idempotency?: IdempotencyClaim;
  /**
   * Positions of stored entries whose private parts (content and salt) this commit deletes, in the
   * transaction that appends its events (PIPL art. 47 erasure): never the event without the deletion,
   * nor the deletion without the event. The entries, their privateDigest and every proof are untouched.
   * Ignored on a replay (the first commit deleted them).
   */
  readonly erasePrivate?: readonly number[];
}

/** What an earlier commit under an idempotency key stored. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly result: CommitResult;
}

/** A signed tree head as issued (C2SP signed note), kept forever. */
export interface StoredCheckpoint {
  readonly size: number;
  readonly root: Buffer;
  readonly note: string;
  readonly issuedAt: string;
}

export interface Subscription extends AsyncIterable<LedgerEntry> {
  /** Ends the iteration; pending reads finish first. */
  close(): void;
}

export interface SubscribeOptions {
  /** Entries fetched per read while catching up. */
  readonly batchSize?: number;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * All-or-nothing append to one or more streams. Every entry gets the next dense,
   * 1-based global position. Idempotent by eventId, and by idempotency key when one is claimed:
   * the same key with the same request hash returns the original commit as a replay.
   * @throws ConcurrencyConflictError, EventIdConflictError, IdempotencyKeyReusedError, InvalidAppendError
   */
  commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult>;
  /** The commit made under this idempotency key, as a replay, or null. */
  findIdempotent(scope: string, key: string): Promise<IdempotencyRecord | null>;
  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<CommitResult>;
  /** Entries of one stream with streamVersion ≥ fromVersion (default 1), in order. */
  readStream(streamId: string, fromVersion?: number): Promise<LedgerEntry[]>;
  /** Up to `limit` entries with position > afterPosition, ascending. */
  readAll(afterPosition: number, limit: number): Promise<LedgerEntry[]>;
  /** Replays from afterPosition, then follows new commits, without gaps or repeats. */
  subscribe(afterPosition: number, options?: SubscribeOptions): Subscription;
  /** The last position (0 when empty). */
  head(): Promise<number>;
  /** Stored Merkle nodes (complete subtrees) by `level:index` (src/ledger/tree/merkle.ts). */
  readTreeNodes(keys: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>>;
  /** Stores a signed checkpoint; if one exists for that size, returns it instead (never two roots per size). */
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint>;
  /** Checkpoints with size > afterSize, oldest first. */
  checkpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  /** Current version of a stream (0 when it does not exist). */
  streamVersion(streamId: string): Promise<number>;
  close(): Promise<void>;
}

export class ConcurrencyConflictError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${expected === 'no_stream' ? 'no stream' : expected}`);
  }
}

export class EventIdConflictError extends Error {
  readonly code = 'EVENT_ID_CONFLICT';
  constructor(
    readonly eventId: string,
    reason: string,
  ) {
    super(`event ${eventId}: ${reason}`);
  }
}

export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly key: string) {
    super(`idempotency key ${JSON.stringify(key)} was used before for a different request`);
  }
}

/** The append itself is malformed (empty, bad ids, data that is not JSON): a caller bug. */
export class InvalidAppendError extends Error {
  readonly code = 'INVALID_APPEND';
}
