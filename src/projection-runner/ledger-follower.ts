import type { EventStore, LedgerEntry } from '../ledger/event-store.port';
import type { Projection } from '../../projections/projection';
import type { ProjectionState, ProjectionStore } from './projection-store.port';
import { prepare, type Prepared } from './apply-step';
import { LiveTarget, type CheckpointLag } from './live-target';
import type { Target } from './projection-rebuild';

/** Pauses before a following projection tries again: 250 ms, doubling up to 10 s. */
export const RETRY_PAUSE_MS = { first: 250, max: 10_000 } as const;

const checkpointOf = (state: ProjectionState): string => `${state.table}@${state.position}`;

/** What a follower needs of its runner (./projection-runner.ts). */
export interface FollowContext {
  readonly store: EventStore;
  readonly rows: ProjectionStore;
  readonly batchSize: number;
  readonly checkpointLag: CheckpointLag;
  readonly retryPauseMs: { readonly first: number; readonly max: number };
  /** Applies and commits a batch: the position reached, or null if the projection failed at an entry or its checkpoint moved. */
  applyBatch(p: Projection, from: number, entries: readonly Prepared[], target: Target): Promise<number | null>;
  /** Whether the projection stopped at an entry it cannot apply. */
  failed(name: string): boolean;
  /** The projection's rows stand at `position`. */
  reached(name: string, position: number): void;
  /** Following failed (the store or the ledger threw, not an entry the projection cannot apply): it resumes after `pauseMs`. */
  readonly onRetry?: (projection: string, error: Error, pauseMs: number) => void;
}

/**
 * One projection following the ledger through the catch-up subscription, in batches, until stopped or
 * failed at an entry; first, when given, the rebuild its definition needs. A store or ledger that throws
 * (a read-model server restarting, a dropped connection, a lock held too long) does not end it: it resumes
 * from the stored checkpoint after a pause, 250 ms doubling up to 10 s and back to 250 ms once a batch
 * commits, and says so each time. Resuming is safe because a batch commits with its checkpoint: what was
 * not committed is applied again, what was is not. Before, the rejection went unhandled and ended the
 * whole service, commands included, for a read model's error.
 */
export class LedgerFollower {
  private stopped = false;
  private subscription: { close(): void } | undefined;
  private resume: (() => void) | undefined;
  private pauseMs: number;
  /** Whether a batch committed since the last restart. */
  private progressed = false;
  /** The table and checkpoint the current round of following began from. */
  private startedFrom = '';
  /** Where the rows stood when following last ended: a held-back checkpoint may be behind it (./live-target.ts). */
  private applied: { table: string; position: number } | undefined;

  constructor(
    private readonly ctx: FollowContext,
    private readonly p: Projection,
    private rebuildFirst?: () => Promise<void>,
  ) {
    this.pauseMs = ctx.retryPauseMs.first;
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.rebuildFirst) {
          await this.rebuildFirst();
          this.rebuildFirst = undefined;
        }
        this.progressed = false;
        if ((await this.fromCheckpoint()) === 'ended') return;
        // Its claim was refused: the checkpoint or table moved under it (another instance went ahead, a rebuild
        // swapped in), and it follows again from there at once. Refused with nothing moved since it began (a swap
        // another process left half-done): wait before trying again rather than spin.
        if (!this.progressed && (await this.checkpoint()) === this.startedFrom) await this.pause();
      } catch (error) {
        if (this.stopped) return;
        this.ctx.onRetry?.(this.p.name, error as Error, this.pauseMs);
        await this.pause();
      }
    }
  }

  /** Ends following: the subscription is closed, a pause cut short. */
  stop(): void {
    this.stopped = true;
    this.subscription?.close();
    this.resume?.();
  }

  private async pause(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.pauseMs);
      this.resume = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.resume = undefined;
    this.pauseMs = Math.min(this.pauseMs * 2, this.ctx.retryPauseMs.max);
  }

  /** The stored table and checkpoint, as `startedFrom` holds them. */
  private async checkpoint(): Promise<string> {
    return checkpointOf((await this.ctx.rows.state(this.p.name))!);
  }

  /** Follows from the stored checkpoint; 'restart' when the checkpoint or table moved under it. */
  private async fromCheckpoint(): Promise<'ended' | 'restart'> {
    const { p, ctx } = this;
    const state = (await ctx.rows.state(p.name))!;
    this.startedFrom = checkpointOf(state);
    // Resumed on the same table, its rows stand where they were even if a held-back checkpoint was not stored.
    const before = this.applied?.table === state.table ? this.applied.position : 0;
    let position = state.position;
    ctx.reached(p.name, Math.max(position, before));
    const subscription = ctx.store.subscribe(position, { batchSize: ctx.batchSize });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    // One next() is always outstanding: a value it brings must never be dropped. While a batch is applied
    // nothing awaits it, so a read that fails then is handled here and seen by the await that follows.
    const ask = (): Promise<IteratorResult<LedgerEntry>> => {
      const next = iterator.next();
      next.catch(() => undefined);
      return next;
    };
    const target = new LiveTarget(ctx.rows, p, state, ctx.checkpointLag);
    let pending = ask();
    try {
      while (!this.stopped) {
        const first = await pending;
        if (first.done) break;
        pending = ask();
        const batch = [first.value];
        // Take what the subscription already holds, up to a batch, without waiting for more.
        while (batch.length < ctx.batchSize) {
          const next = await Promise.race([pending, new Promise<null>((r) => setImmediate(() => r(null)))]);
          if (next === null || next.done) break;
          pending = ask();
          batch.push(next.value);
        }
        const to = await ctx.applyBatch(p, position, batch.map(prepare), target);
        // Stopped at a bad entry, it stays there until restart or rebuild.
        if (to === null) return ctx.failed(p.name) ? 'ended' : 'restart';
        position = to;
        this.applied = { table: state.table, position };
        this.progressed = true;
        this.pauseMs = ctx.retryPauseMs.first;
        ctx.reached(p.name, to);
      }
      return 'ended';
    } finally {
      subscription.close();
      this.subscription = undefined;
      // Stopping, restarting or retrying: store a checkpoint held back. Only an optimisation: replaying is safe.
      if (!ctx.failed(p.name)) await target.flush().catch(() => false);
    }
  }
}
