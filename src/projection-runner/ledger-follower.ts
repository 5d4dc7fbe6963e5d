import type { EventStore } from '../ledger/event-store.port';
import type { Projection } from '../../projections/projection';
import type { ProjectionStore } from './projection-store.port';
import { prepare, type Prepared } from './apply-step';
import { LiveTarget, type CheckpointLag } from './live-target';
import type { Target } from './projection-rebuild';

/** Pauses before a following projection retries after its store failed: 250 ms, doubling up to 10 s. */
export const RETRY_FIRST_MS = 250;
export const RETRY_MAX_MS = 10_000;

/** What a follower needs of its runner (./projection-runner.ts). */
export interface FollowContext {
  readonly store: EventStore;
  readonly rows: ProjectionStore;
  readonly batchSize: number;
  readonly checkpointLag: CheckpointLag;
  /** Applies and commits a batch: the position reached, or null if the projection failed at an entry or its checkpoint moved. */
  applyBatch(p: Projection, from: number, entries: readonly Prepared[], target: Target): Promise<number | null>;
  /** Whether the projection stopped at an entry it cannot apply. */
  failed(name: string): boolean;
  /** The projection has applied everything up to `position`. */
  reached(name: string, position: number): void;
  /** The store failed while following (not an entry the projection cannot apply): it resumes after `pauseMs`. */
  readonly onRetry?: (projection: string, error: Error, pauseMs: number) => void;
}

/**
 * One projection following the ledger through the catch-up subscription, in batches, until stopped or
 * failed at an entry. A store that throws (a read-model server restarting, a dropped connection, a lock
 * held too long) does not end it: it resumes from the stored checkpoint after a pause, 250 ms doubling up
 * to 10 s, and says so each time. Resuming is safe because a batch commits with its checkpoint: what was
 * not committed is applied again, what was is not. Before, the rejection went unhandled and ended the
 * whole service, commands included, for a read model's error.
 */
export class LedgerFollower {
  private stopped = false;
  private subscription: { close(): void } | undefined;
  private resume: (() => void) | undefined;

  constructor(
    private readonly ctx: FollowContext,
    private readonly p: Projection,
  ) {}

  async run(): Promise<void> {
    let pauseMs = RETRY_FIRST_MS;
    while (!this.stopped) {
      try {
        if ((await this.fromCheckpoint()) === 'ended') return;
        pauseMs = RETRY_FIRST_MS;
      } catch (error) {
        if (this.stopped) return;
        this.ctx.onRetry?.(this.p.name, error as Error, pauseMs);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pauseMs);
          this.resume = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.resume = undefined;
        pauseMs = Math.min(pauseMs * 2, RETRY_MAX_MS);
      }
    }
  }

  /** Ends following: the subscription is closed, a pause cut short. */
  stop(): void {
    this.stopped = true;
    this.subscription?.close();
    this.resume?.();
  }

  /** Follows from the stored checkpoint; 'restart' when the checkpoint or table moved under it (a rebuild swapped in). */
  private async fromCheckpoint(): Promise<'ended' | 'restart'> {
    const { p, ctx } = this;
    const state = (await ctx.rows.state(p.name))!;
    ctx.reached(p.name, state.position);
    const subscription = ctx.store.subscribe(state.position, { batchSize: ctx.batchSize });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let position = state.position;
    const target = new LiveTarget(ctx.rows, p, state, ctx.checkpointLag);
    // One next() is always outstanding: a value it brings must never be dropped.
    let pending = iterator.next();
    try {
      while (!this.stopped) {
        const first = await pending;
        if (first.done) break;
        pending = iterator.next();
        const batch = [first.value];
        // Take what the subscription already holds, up to a batch, without waiting for more.
        while (batch.length < ctx.batchSize) {
          const next = await Promise.race([pending, new Promise<null>((r) => setImmediate(() => r(null)))]);
          if (next === null || next.done) break;
          pending = iterator.next();
          batch.push(next.value);
        }
        const to = await ctx.applyBatch(p, position, batch.map(prepare), target);
        // Stopped at a bad entry, it stays there until restart or rebuild.
        if (to === null) return ctx.failed(p.name) ? 'ended' : 'restart';
        position = to;
        ctx.reached(p.name, to);
      }
      return 'ended';
    } finally {
      subscription.close();
      this.subscription = undefined;
      // A closed subscription's outstanding next() may still reject, with nothing left to wait for it.
      pending.catch(() => undefined);
      // Stopping, restarting or retrying: store a checkpoint held back. Only an optimisation: replaying is safe.
      if (!ctx.failed(p.name)) await target.flush().catch(() => false);
    }
  }
}
