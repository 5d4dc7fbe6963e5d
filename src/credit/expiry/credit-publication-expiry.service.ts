import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import type { Subscription } from 'rxjs';
import type { Logger } from 'pino';
import type { CreditPublicationEnded, IsoDate } from '../../../events';
import { StreamIds, streamOf } from '../../../events/streams';
import { ConcurrencyConflictError, type EventStore, type LedgerEntry, type NewEvent } from '../../ledger/event-store.port';
import { eventOf } from '../../ledger/fold';
import { EntryCommitted, LedgerWriter } from '../../ledger/ledger-writer';
import { CorruptionLatch } from '../../ledger/corruption-latch';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { businessDate, type Clock } from '../../http/clock';
import { addDays } from '../../shared/domain/dates';
import { CLOCK, EVENT_STORE, LOGGER, PROJECTION_STORE } from '../../shared/di-tokens';
import { decideExpiry, publicationEndsOn, publicationsOf } from '../domain/publication-expiry';

/** China Standard Time has no daylight saving: a business day starts at 16:00 UTC of the day before. */
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
/** Never wait longer than this between sweeps: a clock that jumps, or a record published after its period (backdated), is caught within the hour. */
const MAX_WAIT_MS = 3600_000;
/** Never sooner: a timer that fires a moment before midnight does not spin. */
const MIN_WAIT_MS = 1000;
/** After an incomplete sweep (read model rebuilding or behind, an error), the next one comes soon. */
const RETRY_MS = 30_000;
const MAX_ATTEMPTS = 25;
/** The actor of what the service appends on its own (API.md "(service, at the end of a publication period)"). */
export const SYSTEM_ACTOR = { actor: 'system', role: 'system' } as const;

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

/** The id of a record's CreditPublicationEnded: derived from the record (its penalty id), so there is only ever one. */
export const expiryEventId = (penaltyId: string): string => uuidV5(NAMESPACE, `CreditPublicationEnded/${penaltyId}`);

/** Milliseconds from `now` to the next 00:00 China Standard Time. */
export function msUntilNextBusinessDay(now: Date): number {
  const local = now.getTime() + CST_OFFSET_MS;
  return DAY_MS - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}

export interface SweepResult {
  /** The business date (UTC+8) the sweep judged by. */
  readonly today: IsoDate;
  /** Records the read model listed as published past their period. */
  readonly due: number;
  /** CreditPublicationEnded entries this sweep appended (another instance may have appended the rest). */
  readonly appended: number;
  /** False when the read model was rebuilding or had not caught up: another sweep follows soon. */
  readonly complete: boolean;
}

/**
 * Ends publication periods (DOMAIN.md: "at the end a CreditPublicationEnded fact is appended"): at start,
 * and at 00:00 China Standard Time each day, every record still published whose publishedUntil lies
 * before today gets CreditPublicationEnded (endedOn = the day after publishedUntil), as the system actor.
 *
 * Exactly once per record, whatever the number of instances on one database and however often they
 * restart: the event id is derived from the record, and the store's append is idempotent by event id
 * (the same id with the same content returns the original entry and appends nothing), so two instances
 * racing at midnight append one entry; the stream's expected version makes a decision on a stale stream
 * (a withdrawal or repair meanwhile) decide again. Everything that makes up the entry (data and
 * metadata) comes from the record, so the racing appends are identical. The read model only says where
 * to look: the decision is taken on the contractor's stream itself. A record this instance publishes with
 * its period already over (a decision recorded late) is ended at once, not at the next midnight; one
 * another instance publishes so is ended by the hourly sweep at the latest.
 */
@Injectable()
export class CreditPublicationExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepResult> | null = null;
  private stopped = false;
  private commits: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_STORE) private readonly rows: ProjectionStore,
    private readonly runner: ProjectionRunner,
    private readonly writer: LedgerWriter,
    private readonly latch: CorruptionLatch,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly commitsBus: EventBus,
  ) {}

  /** Catches up at start (downtime may have passed a midnight), in the background: start-up does not wait for read models. */
  onApplicationBootstrap(): void {
    this.commits = this.commitsBus.subscribe((e: unknown) => {
      if (e instanceof EntryCommitted && this.alreadyOver(e.entry)) this.wake();
    });
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.commits?.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    await this.settled();
  }

  /** Resolves when no sweep is in progress (one that follows another straight away included). */
  async settled(): Promise<void> {
    while (this.running !== null) await this.running.catch(() => undefined);
  }

  /** One pass over the records due today; a pass already running in this process is joined, not repeated. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepOnce().finally(() => (this.running = null));
    return this.running;
  }

  /** A record published with its period already over (publishedUntil before today). */
  private alreadyOver(entry: LedgerEntry): boolean {
    if (entry.type !== 'DishonestyRecordPublished') return false;
    const event = eventOf(entry);
    if (event.type !== 'DishonestyRecordPublished' || event.data.publishedUntil === null) return false;
    return publicationEndsOn(event.data.publishedUntil) <= businessDate(this.clock());
  }

  private wake(): void {
    if (this.stopped) return;
    // A sweep already under way may have read the rows before what woke this one: sweep again after it.
    const joined = this.running !== null;
    this.sweep().then(
      (result) => (joined ? this.wake() : this.schedule(result.complete ? msUntilNextBusinessDay(this.clock()) : RETRY_MS)),
      (error: unknown) => {
        if (this.stopped) return;
        this.logger.error({ err: error }, 'ending elapsed publication periods failed; retrying');
        this.schedule(RETRY_MS);
      },
    );
  }

  /** One timer at a time: a wake between timers (a commit) replaces the pending one. */
  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), Math.min(Math.max(ms, MIN_WAIT_MS), MAX_WAIT_MS));
    this.timer.unref();
  }

  private async sweepOnce(): Promise<SweepResult> {
    const today = businessDate(this.clock());
    const caughtUp = await this.runner.waitFor(['dishonesty_records'], await this.store.head(), this.runner.freshnessWaitMs);
    const state = (await this.runner.statuses()).find((s) => s.name === 'dishonesty_records');
    // While rebuilding, the served table is the previous definition's, without the columns asked for below.
    if (state?.status !== 'running') return { today, due: 0, appended: 0, complete: false };
    const due = ofKind(
      await this.rows.queryRows('dishonesty_records', {
        where: { kind: 'record', status: 'published', published_until: { to: addDays(today, -1) } },
        orderBy: { column: 'position' },
      }),
      'record',
    );
    let appended = 0;
    for (const record of due) {
      if (this.stopped) return { today, due: due.length, appended, complete: false };
      if (await this.end(record.penaltyId, record.uscc, today)) appended++;
    }
    if (appended > 0) this.logger.info({ today, appended }, `ended ${appended} elapsed publication period(s)`);
    return { today, due: due.length, appended, complete: caughtUp };
  }

  /** Appends the record's CreditPublicationEnded if its stream says it is due; true if this call appended it. */
  private async end(penaltyId: string, uscc: string, today: IsoDate): Promise<boolean> {
    const streamId = StreamIds.contractor(uscc);
    for (let attempt = 1; ; attempt++) {
      this.latch.assertWritable();
      const entries = await this.store.readStream(streamId);
      const event = decideExpiry(publicationsOf(entries.map(eventOf)).get(penaltyId), today);
      if (event === null) return false;
      try {
        const result = await this.writer.commit([
          { streamId: streamOf(event), events: [this.entryOf(event, entries)], expectedVersion: entries[entries.length - 1].streamVersion },
        ]);
        return !result.replayed;
      } catch (error) {
        // The stream moved since it was read (another entry of this contractor): decide again on what is there now.
        if (!(error instanceof ConcurrencyConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** The entry, all of it derived from the record: whichever instance appends it, it is the same entry. */
  private entryOf(event: CreditPublicationEnded, entries: readonly LedgerEntry[]): NewEvent {
    const eventId = expiryEventId(event.data.penaltyId);
    const publication = entries.find((e) => e.type === 'DishonestyRecordPublished' && e.data.penaltyId === event.data.penaltyId);
    return {
      eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { ...SYSTEM_ACTOR, correlationId: eventId, causationId: publication?.eventId ?? eventId },
    };
  }
}
