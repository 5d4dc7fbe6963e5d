import type { CommitOptions, CommitResult, StreamWrite } from './event-store.port';
import type { BatchPlan, CommitRequest } from './append-plan';

interface Pending {
  readonly request: CommitRequest;
  resolve(result: CommitResult): void;
  reject(error: Error): void;
}

/**
 * Group commit: appends that arrive while a transaction is being written wait and go
 * into the next one together, so concurrent writers share one durable commit (one fsync)
 * instead of queueing for one each. Every append keeps its own outcome; one that fails
 * leaves the others untouched. Callers are answered only after the commit is durable.
 */
export class GroupCommitQueue {
  private queue: Pending[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    /** Plans and writes one transaction for the given appends; throws if the transaction failed. */
    private readonly writeBatch: (requests: readonly CommitRequest[]) => Promise<BatchPlan>,
    private readonly onCommitted: (lastPosition: number) => void,
    private readonly maxBatch = 500,
  ) {}

  submit(writes: readonly StreamWrite[], options?: CommitOptions): Promise<CommitResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { writes, ...(options ? { options } : {}) }, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let appends issued in the same turn of the event loop join this batch.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves once no batch is being written or waiting to be (a store's close lets the commit in flight finish). */
  idle(): Promise<void> {
    return this.running ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          this.settle(batch, await this.writeBatch(batch.map((p) => p.request)));
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error as Error);
            continue;
          }
          // The transaction failed as a whole (e.g. the database refused a row): retry each
          // append alone so only the one at fault fails.
          for (const p of batch) {
            try {
              this.settle([p], await this.writeBatch([p.request]));
            } catch (e) {
              p.reject(e as Error);
            }
          }
        }
      }
    } finally {
      this.running = false;
      const waiting = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiting) resolve();
    }
  }

  private settle(batch: Pending[], plan: BatchPlan): void {
    this.onCommitted(plan.tip.position);
    plan.outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.result) : batch[i].reject(o.error)));
  }
}
