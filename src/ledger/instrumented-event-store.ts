import type { CommitOptions, CommitResult, EventStore, IdempotencyRecord, StoredCheckpoint, ExpectedVersion, LedgerEntry, NewEvent, StreamWrite, SubscribeOptions, Subscription } from './event-store.port';
import type { LedgerMetrics } from '../observability/metrics';

/** The port with append counts and latency recorded; adapters stay free of metrics. */
export class InstrumentedEventStore implements EventStore {
  constructor(private readonly inner: EventStore, private readonly metrics: LedgerMetrics) {}

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  async commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
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
      this.metrics.appends.inc({ outcome: code === 'CONCURRENCY_CONFLICT' ? 'conflict' : code === 'INVALID_APPEND' || code === 'EVENT_ID_CONFLICT' || code === 'IDEMPOTENCY_KEY_REUSED' ? 'invalid' : 'error' });
      throw error;
    }
  }

  append(streamId: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<CommitResult> {
    return this.commit([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  findIdempotent(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.inner.findIdempotent(scope, key);
  }

  readStream(streamId: string, fromVersion?: number): Promise<LedgerEntry[]> {
    return this.inner.readStream(streamId, fromVersion);
  }

  readAll(afterPosition: number, limit: number): Promise<LedgerEntry[]> {
    return this.inner.readAll(afterPosition, limit);
  }

  subscribe(afterPosition: number, options?: SubscribeOptions): Subscription {
    return this.inner.subscribe(afterPosition, options);
  }

  head(): Promise<number> {
    return this.inner.head();
  }

  readTreeNodes(keys: readonly { level: number; index: number }[]): Promise<Map<string, Buffer>> {
    return this.inner.readTreeNodes(keys);
  }

  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint> {
    return this.inner.saveCheckpoint(checkpoint);
  }

  checkpoints(afterSize: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.inner.checkpoints(afterSize, limit);
  }

  latestCheckpoint(): Promise<StoredCheckpoint | null> {
    return this.inner.latestCheckpoint();
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
