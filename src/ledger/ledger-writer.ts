import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { CommitOptions, CommitResult, EventStore, LedgerEntry, StreamWrite } from './event-store.port';
import { EVENT_STORE } from '../shared/di-tokens';

/** Published on the in-process EventBus after, and only after, an entry is durably committed. */
export class EntryCommitted {
  constructor(readonly entry: LedgerEntry) {}
}

/**
 * Commits a decision through the port and then tells in-process listeners. The EventBus
 * is a notification, never the record: projections read the ledger itself (DESIGN.md).
 */
@Injectable()
export class LedgerWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly eventBus: EventBus,
  ) {}

  async commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    const result = await this.store.commit(writes, options);
    if (!result.replayed) this.eventBus.publishAll(result.entries.map((e) => new EntryCommitted(e)));
    return result;
  }
}
