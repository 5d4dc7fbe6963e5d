import type {
  CommitOptions,
  CommitResult,
  EventStore,
  ExpectedVersion,
  IdempotencyRecord,
  LedgerEntry,
  NewEvent,
  StoredCheckpoint,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from './event-store.port';

/**
 * The port, every call passed to an inner store. Decorators (metrics, the schema guard) extend it
 * and override what they add to; `append` goes through `commit`, so overriding `commit` covers both.
 */
export abstract class ForwardingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  get kind(): EventStore['kind'] {
    return this.inner.kind;
  }

  commit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    return this.inner.commit(writes, options);
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
