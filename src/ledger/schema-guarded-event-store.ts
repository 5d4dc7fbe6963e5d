import type { Logger } from 'pino';
import type { CommitOptions, CommitResult, EventStore, StreamWrite } from './event-store.port';
import { assertEventSchemas, MalformedEventError } from './event-schema-guard';
import { ForwardingEventStore } from './forwarding-event-store';

/**
 * The last gate before the ledger: every event of a commit is checked against its type's schema
 * (generated from events/), whatever let it through the HTTP layer. A violation appends nothing,
 * is logged as a bug, and the caller gets a 500 (src/http/problem-details.filter.ts).
 */
export class SchemaGuardedEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly logger: Logger,
  ) {
    super(inner);
  }

  override commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    try {
      assertEventSchemas(writes);
    } catch (error) {
      if (error instanceof MalformedEventError)
        this.logger.error({ bug: true, eventType: error.eventType, problems: error.problems }, `BUG: ${error.message}`);
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.inner.commit(writes, options);
  }
}
