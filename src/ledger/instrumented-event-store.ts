import type { CommitOptions, CommitResult, EventStore, StreamWrite } from './event-store.port';
import type { LedgerMetrics } from '../observability/metrics';
import { ForwardingEventStore } from './forwarding-event-store';

/** The port with append counts and latency recorded; adapters stay free of metrics. */
export class InstrumentedEventStore extends ForwardingEventStore {
  constructor(
    inner: EventStore,
    private readonly metrics: LedgerMetrics,
  ) {
    super(inner);
  }

  override async commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    const stop = this.metrics.appendSeconds.startTimer();
    try {
      const result = await this.inner.commit(writes, options);
      stop();
      this.metrics.appends.inc({ outcome: result.replayed ? 'replayed' : 'ok' });
      if (!result.replayed) this.metrics.appendedEntries.inc(result.entries.length);
      this.metrics.headPosition.set(result.position);
      return result;
    } catch (error) {
      const code = (error as { code?: string }).code;
      this.metrics.appends.inc({
        outcome:
          code === 'CONCURRENCY_CONFLICT'
            ? 'conflict'
            : code === 'INVALID_APPEND' || code === 'EVENT_ID_CONFLICT' || code === 'IDEMPOTENCY_KEY_REUSED'
              ? 'invalid'
              : code === 'MALFORMED_EVENT'
                ? 'malformed'
                : 'error',
      });
      throw error;
    }
  }
}
