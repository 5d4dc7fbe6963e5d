import { Inject, Injectable } from '@nestjs/common';
import type { CommitResult, ExpectedVersion, JsonObject, LedgerEntry, NewEvent, StreamWrite } from './event-store.port';
import { randomUUID } from 'node:crypto';
import { LedgerWriter } from './ledger-writer';
import { CorruptionLatch } from './corruption-latch';
import type { EventStore } from './event-store.port';
import { CLOCK, EVENT_STORE } from '../shared/di-tokens';
import { businessDate, type Clock } from '../shared/clock';
import { assertNotInTheFuture } from '../shared/domain/business-dates';
import { ConcurrencyConflictError, IdempotencyKeyReusedError } from './event-store.port';
import type { LedgerEvent, PrivatePart } from '../../events';
import { streamOf } from '../../events/streams';
import type { CommandMeta, CommandOutcome, CommandResponse } from './command';
import { StreamTurns, withPending, type Turn } from './stream-turns';
import { StreamCache, type FoldMemo } from './stream-cache';

const MAX_ATTEMPTS = 25;

export interface LoadedStream {
  readonly streamId: string;
  /** 0 when the stream does not exist yet. */
  readonly version: number;
  readonly entries: readonly LedgerEntry[];
  /** Streams read through the StreamCache (serializeOn, foldOnly): folds of their first `durable` entries, which stateOf resumes. */
  readonly folds?: FoldMemo;
  readonly durable?: number;
}

/** One command as the runner needs it; built by a command handler around a pure decider. */
export interface CommandPlan {
  /** The stream the response names (and its ETag): the one the command creates or changes. */
  readonly primaryStream: string;
  /**
   * The stream of the resource in the request's path, which If-Match guards (issue 15): signing under
   * /v1/projects/:projectId guards the project (the ETag the award returned), not the new contract.
   * Default: primaryStream.
   */
  readonly ifMatchStream?: string;
  /** Streams whose state the decision reads: their versions guard the commit (optimistic concurrency). */
  readonly reads: readonly string[];
  /**
   * A stream nearly every command of this kind reads and appends (a region-year's budget): in this process
   * such commands take turns on it instead of racing, each losing its append and reading the whole stream
   * again (issue 18: at 100 registrations/s in one region-year, most attempts were lost to conflicts). The
   * versions still guard the commit, so another process (or another command kind) is still retried.
   */
  readonly serializeOn?: string;
  /**
   * decide reads every stream only through a fold (stateOf): each is then read from where the last command left it,
   * like serializeOn's (StreamCache; issue 18: each payment read its contract's whole stream).
   */
  readonly foldOnly?: boolean;
  /** The decision: events as deciders return them (events/); each goes to its streamOf stream. */
  decide(loaded: ReadonlyMap<string, LoadedStream>): readonly LedgerEvent[];
  /**
   * The answer when decide returns no events because the command's effect is already in the ledger (an
   * erasure repeated: idempotent). Without it, a decision of no events is refused by the store.
   */
  unchanged?(loaded: ReadonlyMap<string, LoadedStream>): CommandResponse;
}

/**
 * load → decide → append, the same for every command (DESIGN.md "the command handler as
 * load → fold → decide → append"). All of a decision's events commit together, to as many
 * streams as it names; every stream it read is guarded by the version it was read at (written
 * or not), and streams only written to (never read) are appended whatever their version.
 */
@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly writer: LedgerWriter,
    private readonly latch: CorruptionLatch,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private readonly turns = new StreamTurns();
  private readonly cache = new StreamCache((streamId, from) => this.store.readStream(streamId, from));

  async run(meta: CommandMeta, plan: CommandPlan): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      // Nothing is written on top of entries that no longer match their hashes.
      this.latch.assertWritable();
      try {
        return await this.attempt(meta, plan);
      } catch (error) {
        // Another command moved a stream this one read: decide again on the new state, so a
        // rule (e.g. the budget cap) judges what is really there. With If-Match the caller asked
        // for exactly one version of the path's stream: a conflict on that stream is theirs to see;
        // one on a stream only read is retried (the next attempt checks If-Match again).
        const theirs =
          meta.ifMatch !== undefined &&
          error instanceof ConcurrencyConflictError &&
          error.streamId === (plan.ifMatchStream ?? plan.primaryStream);
        if (!(error instanceof ConcurrencyConflictError) || theirs || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 2 * attempt));
      }
    }
  }

  private async attempt(meta: CommandMeta, plan: CommandPlan): Promise<CommandOutcome> {
    const turn = plan.serializeOn !== undefined ? await this.turns.take(plan.serializeOn) : undefined;
    try {
      return await this.attemptInTurn(meta, plan, turn);
    } finally {
      turn?.release();
    }
  }

  private async attemptInTurn(meta: CommandMeta, plan: CommandPlan, turn: Turn | undefined): Promise<CommandOutcome> {
    const scope = meta.principal.id;
    if (meta.idempotencyKey !== undefined) {
      const earlier = await this.store.findIdempotent(scope, meta.idempotencyKey);
      if (earlier && earlier.requestHash !== meta.requestHash) throw new IdempotencyKeyReusedError(meta.idempotencyKey);
      if (earlier) return { response: responseOf(plan.primaryStream, earlier.result), replayed: true };
    }
    const guarded = plan.ifMatchStream ?? plan.primaryStream;
    const streams = [...new Set([plan.primaryStream, guarded, ...plan.reads])];
    const loaded = new Map<string, LoadedStream>();
    // Taken before reading: an entry that becomes durable meanwhile is then in one or the other.
    const pending = turn?.pending() ?? [];
    await Promise.all(
      streams.map(async (streamId) => {
        const version = (entries: readonly LedgerEntry[]): number => (entries.length === 0 ? 0 : entries[entries.length - 1].streamVersion);
        const serialized = streamId === plan.serializeOn;
        if (!serialized && plan.foldOnly !== true) {
          const entries = await this.store.readStream(streamId);
          loaded.set(streamId, { streamId, version: version(entries), entries });
          return;
        }
        // The fields a fold reads, like the pending entries (pendingEntries below).
        const { entries: kept, folds } = await this.cache.read(streamId);
        const read = kept as readonly LedgerEntry[];
        const entries = serialized ? withPending(read, pending) : read;
        loaded.set(streamId, { streamId, version: version(entries), entries, folds, durable: read.length });
      }),
    );
    const guardedVersion = loaded.get(guarded)!.version;
    if (meta.ifMatch !== undefined && meta.ifMatch !== guardedVersion) {
      throw new ConcurrencyConflictError(guarded, meta.ifMatch, guardedVersion);
    }
    const decided = plan.decide(loaded);
    if (decided.length === 0 && plan.unchanged) return { response: plan.unchanged(loaded), replayed: true, unchanged: true };
    // One rule for every command, however its decider dates its facts: none is dated after today (CST) + 1 day.
    assertNotInTheFuture(decided, businessDate(this.clock()));
    const writes = new Map<string, { events: NewEvent[]; expectedVersion: ExpectedVersion }>();
    for (const event of decided) {
      const streamId = streamOf(event);
      const write = writes.get(streamId) ?? { events: [], expectedVersion: loaded.get(streamId)?.version ?? 'any' };
      write.events.push({
        // Event data is JSON by construction (events/common.ts); the store checks it again.
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        ...(privatePart(event.private, meta) ?? {}),
        metadata: {
          actor: meta.principal.id,
          role: meta.principal.role,
          correlationId: meta.correlationId,
          causationId: meta.causationId,
          ...(meta.idempotencyKey !== undefined ? { idempotencyKey: meta.idempotencyKey } : {}),
        },
      });
      writes.set(streamId, write);
    }
    // Streams read but not written are guarded too: a debarment committed meanwhile voids an award decision.
    for (const [streamId, stream] of loaded)
      if (!writes.has(streamId)) writes.set(streamId, { events: [], expectedVersion: stream.version });
    const streamWrites: StreamWrite[] = [...writes].map(([streamId, w]) => ({ streamId, ...w }));
    // An erasure deletes the private parts it names in the transaction that appends it (never one without the other).
    const erasePrivate = decided.flatMap((e) => (e.type === 'PrivateDataErased' ? e.data.positions : []));
    const options = {
      ...(meta.idempotencyKey !== undefined ? { idempotency: { scope, key: meta.idempotencyKey, requestHash: meta.requestHash } } : {}),
      ...(erasePrivate.length > 0 ? { erasePrivate } : {}),
    };
    const committing = this.writer.commit(streamWrites, Object.keys(options).length > 0 ? options : undefined);
    if (turn) turn.committing(pendingEntries(writes.get(plan.serializeOn!)), committing);
    const result = await committing;
    return { response: responseOf(plan.primaryStream, result), replayed: result.replayed };
  }
}

/**
 * What the next turn folds of this command's writes to the serialized stream before they are durable: the fields
 * a fold reads (type, schemaVersion, data, private) at the versions the commit expects to give them.
 */
function pendingEntries(write: { events: readonly NewEvent[]; expectedVersion: ExpectedVersion } | undefined): LedgerEntry[] {
  if (!write || typeof write.expectedVersion !== 'number') return [];
  const from = write.expectedVersion;
  return write.events.map((e, i) => ({ ...e, streamVersion: from + i + 1 }) as unknown as LedgerEntry);
}

/** The event's private part, with the acting key holder's name when the key has one (every entry records it). */
function privatePart(part: PrivatePart | undefined, meta: CommandMeta): { private: JsonObject } | undefined {
  const { name, organization } = meta.principal;
  const actor = name !== undefined ? { actor: { name, ...(organization !== undefined ? { organization } : {}) } } : {};
  const merged = { ...part, ...actor };
  return Object.keys(merged).length > 0 ? { private: merged as unknown as JsonObject } : undefined;
}

function responseOf(primaryStream: string, result: CommitResult): CommandResponse {
  const primary = result.streams.find((s) => s.streamId === primaryStream) ?? result.streams[0];
  return {
    streamId: primary.streamId,
    version: primary.version,
    position: result.position,
    eventIds: result.entries.map((e) => e.eventId),
  };
}
