import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { Subscription } from 'rxjs';
import type { Logger } from 'pino';
import type { CreditPublicationEnded, IsoDate } from '../../../events';
import { StreamIds } from '../../../events/streams';
import {
  ConcurrencyConflictError,
  type EventStore,
  type LedgerEntry,
  type NewEvent,
  type StreamWrite,
} from '../../ledger/event-store.port';
import { eventOf } from '../../ledger/fold';
import { EntryCommitted, LedgerWriter } from '../../ledger/ledger-writer';
import { CorruptionLatch } from '../../ledger/corruption-latch';
import { ProjectionRunner } from '../../projection-runner/projection-runner';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { ofKind } from '../../projection-runner/rows-of-kind';
import { businessDate, type Clock } from '../../shared/clock';
import { addDays } from '../../shared/domain/dates';
import { CLOCK, EVENT_STORE, LOGGER, PROJECTION_STORE } from '../../shared/di-tokens';
import { expiryEventId } from './expiry-event-id';
import type { SweepResult } from './sweep-result';
import { msUntilNextBusinessDay } from './next-business-day';
import { decideExpiry, decidePenaltyExpiry, penaltyPublicationOf, publicationEndsOn, publicationsOf } from '../domain/publication-expiry';

/** Never wait longer than this between sweeps: a clock that jumps, or a record published after its period (backdated), is caught within the hour. */
const MAX_WAIT_MS = 3600_000;
/** Never sooner: a timer that fires a moment before midnight does not spin. */
const MIN_WAIT_MS = 1000;
/** After an incomplete sweep (read model rebuilding or behind, an error), the next one comes soon. */
const RETRY_MS = 30_000;
const MAX_ATTEMPTS = 25;
/** The actor of what the service appends on its own (API.md "(service, at the end of a publication period)"). */
export const SYSTEM_ACTOR = { actor: 'system', role: 'system' } as const;

export { expiryEventId, uuidV5 } from './expiry-event-id';
export { msUntilNextBusinessDay } from './next-business-day';

export type { SweepResult } from './sweep-result';

/**
 * Ends publication periods (DOMAIN.md: "at the end a CreditPublicationEnded fact is appended"): at start,
 * and at 00:00 China Standard Time each day, every record still published whose publishedUntil lies
 * before today gets CreditPublicationEnded (endedOn = the day after publishedUntil), as the system actor;
 * so does every published penalty (general or serious) without a dishonesty record, whose publication
 * ends the same way. A penalty with a record gets the record's end only: one entry per penalty.
 *
 * Exactly once per record, whatever the number of instances on one database and however often they
 * restart: the event id is derived from the record, and the store's append is idempotent by event id
 * (the same id with the same content returns the original entry and appends nothing), so two instances
 * racing at midnight append one entry; the stream's expected version makes a decision on a stale stream
 * (a withdrawal or repair meanwhile) decide again. Everything that makes up the entry (data and
 * metadata) comes from the record, so the racing appends are identical. The read model only says where
 * to look: the decision is taken on the streams themselves (a penalty's: its penalty stream, which says whether
 * it was revoked and guards the append, and its contractor's). A record this instance publishes with
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

  /** A record or a penalty published with its period already over (publishedUntil before today). */
  private alreadyOver(entry: LedgerEntry): boolean {
    if (entry.type !== 'DishonestyRecordPublished' && entry.type !== 'PenaltyImposed') return false;
    const event = eventOf(entry);
    if (event.type !== 'DishonestyRecordPublished' && event.type !== 'PenaltyImposed') return false;
    if (event.data.publishedUntil === null) return false;
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
    const models = ['dishonesty_records', 'credit_xzcf'] as const;
    const caughtUp = await this.runner.waitFor(models, await this.store.head(), this.runner.freshnessWaitMs);
    const statuses = await this.runner.statuses();
    // While rebuilding, the served table is the previous definition's, without the columns asked for below.
    const ready = (name: (typeof models)[number]): boolean => statuses.find((s) => s.name === name)?.status === 'running';
    const yesterday = addDays(today, -1);
    const due = ready('dishonesty_records')
      ? ofKind(
          await this.rows.queryRows('dishonesty_records', {
            where: { kind: 'record', status: 'published', published_until: { to: yesterday } },
            orderBy: { column: 'position' },
          }),
          'record',
        )
      : null;
    // Records first: a penalty with a record is then already ended when its own turn comes.
    const penaltiesDue = ready('credit_xzcf')
      ? ofKind(await this.rows.queryRows('credit_xzcf', { where: { kind: 'penalty', open_until: { to: yesterday } } }), 'penalty')
      : null;
    let appended = 0;
    const result = (complete: boolean): SweepResult => ({
      today,
      due: due?.length ?? 0,
      penaltiesDue: penaltiesDue?.length ?? 0,
      appended,
      complete,
    });
    for (const record of due ?? []) {
      if (this.stopped) return result(false);
      if (await this.end(record.penaltyId, record.uscc, today)) appended++;
    }
    for (const penalty of penaltiesDue ?? []) {
      if (this.stopped) return result(false);
      if (await this.endPenalty(penalty.penaltyId, today)) appended++;
    }
    if (appended > 0) this.logger.info({ today, appended }, `ended ${appended} elapsed publication period(s)`);
    return result(caughtUp && due !== null && penaltiesDue !== null);
  }

  /** Appends the record's CreditPublicationEnded if its stream says it is due; true if this call appended it. */
  private async end(penaltyId: string, uscc: string, today: IsoDate): Promise<boolean> {
    const streamId = StreamIds.contractor(uscc);
    for (let attempt = 1; ; attempt++) {
      this.latch.assertWritable();
      const entries = await this.store.readStream(streamId);
      const event = decideExpiry(publicationsOf(entries.map(eventOf)).get(penaltyId), today);
      if (event === null) return false;
      const publication = entries.find((e) => e.type === 'DishonestyRecordPublished' && e.data.penaltyId === penaltyId);
      const outcome = await this.tryCommit(
        [{ streamId, events: [this.entryOf(event, publication)], expectedVersion: versionOf(entries) }],
        attempt,
      );
      if (outcome !== 'conflict') return outcome === 'appended';
    }
  }

  /**
   * Appends the CreditPublicationEnded of a penalty without a dishonesty record if its streams say it is due;
   * true if this call appended it. The penalty stream is guarded too (read, not written): a revocation
   * committed meanwhile makes the decision be taken again, and then there is nothing to end.
   */
  private async endPenalty(penaltyId: string, today: IsoDate): Promise<boolean> {
    const penaltyStream = StreamIds.penalty(penaltyId);
    for (let attempt = 1; ; attempt++) {
      this.latch.assertWritable();
      const penaltyEntries = await this.store.readStream(penaltyStream);
      const penalty = penaltyPublicationOf(penaltyEntries.map(eventOf));
      if (penalty === undefined) return false;
      const contractorStream = StreamIds.contractor(penalty.uscc);
      const contractorEntries = await this.store.readStream(contractorStream);
      const event = decidePenaltyExpiry(penalty, contractorEntries.map(eventOf), today);
      if (event === null) return false;
      const imposed = penaltyEntries.find((e) => e.type === 'PenaltyImposed');
      const outcome = await this.tryCommit(
        [
          { streamId: contractorStream, events: [this.entryOf(event, imposed)], expectedVersion: versionOf(contractorEntries) },
          { streamId: penaltyStream, events: [], expectedVersion: versionOf(penaltyEntries) },
        ],
        attempt,
      );
      if (outcome !== 'conflict') return outcome === 'appended';
    }
  }

  /** 'conflict' when a stream moved since it was read (another entry of it): the caller decides again on what is there now. */
  private async tryCommit(writes: readonly StreamWrite[], attempt: number): Promise<'appended' | 'replayed' | 'conflict'> {
    try {
      return (await this.writer.commit(writes)).replayed ? 'replayed' : 'appended';
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      return 'conflict';
    }
  }

  /**
   * The entry, all of it derived from the streams (caused by the record's publication, or for a penalty
   * without a record by its PenaltyImposed): whichever instance appends it, it is the same entry.
   */
  private entryOf(event: CreditPublicationEnded, cause: LedgerEntry | undefined): NewEvent {
    const eventId = expiryEventId(event.data.penaltyId);
    return {
      eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: { ...SYSTEM_ACTOR, correlationId: eventId, causationId: cause?.eventId ?? eventId },
    };
  }
}

/** A stream's version as read: its last entry's, 0 when empty. */
const versionOf = (entries: readonly LedgerEntry[]): number => (entries.length === 0 ? 0 : entries[entries.length - 1].streamVersion);
