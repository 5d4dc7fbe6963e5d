import type { EventStore } from '../ledger/event-store.port';
import type { Projection } from '../../projections/projection';
import type { ProjectionState, ProjectionStore } from './projection-store.port';
import { prepare, type Prepared } from './apply-step';
import { applyBatch } from './apply-batch';
import { rebuildProjections, type BuildCache, type Target } from './projection-rebuild';
import { DEFAULT_CHECKPOINT_LAG, type CheckpointLag } from './live-target';
import { LedgerFollower, RETRY_PAUSE_MS } from './ledger-follower';

export interface RunnerOptions {
  /** Entries applied per transaction (default 1,000 when following, 5,000 when rebuilding). */
  readonly batchSize?: number;
  readonly onError?: (projection: string, position: number, error: Error) => void;
  /** Following `projection` failed (its store or the ledger threw): it resumes from its checkpoint after `pauseMs` (./ledger-follower.ts). */
  readonly onRetry?: (projection: string, error: Error, pauseMs: number) => void;
  /** The pauses before it does: the first, and the most they double to (default 250 ms and 10 s). */
  readonly retryPauseMs?: { readonly first: number; readonly max: number };
  /** How long a read given ?minPosition waits for its read models before answering 503 (default 2,000 ms). */
  readonly freshnessWaitMs?: number;
  /** How far a stored checkpoint may trail when the entries applied changed no rows (live-target.ts). */
  readonly checkpointLag?: CheckpointLag;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly position: number;
  /** 'retrying': following failed (the store or the ledger threw) and has not been answered since (./ledger-follower.ts). */
  readonly status: 'running' | 'failed' | 'rebuilding' | 'retrying';
  readonly failedPosition: number | null;
  readonly error: string | null;
}

/**
 * Feeds projections from the ledger. Each batch of entries becomes one transaction that writes
 * the rows it changed and moves the checkpoint from where it was read, so after a crash a
 * projection resumes exactly after the last entry whose effect is stored. A projection that
 * throws on an entry keeps everything before it, stops there, and says so (status, metrics).
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  /** Larger for rebuilds: fewer commits, and a row changed by many entries is written once per batch. */
  private readonly rebuildBatchSize: number;
  private readonly waiters = new Set<() => void>();
  private readonly positions = new Map<string, number>();
  private readonly rebuilding = new Set<string>();
  private readonly failed = new Map<string, { position: number; error: string }>();
  /** Projections whose following failed and whose store has not answered since, with the error. */
  private readonly retrying = new Map<string, string>();
  private stopped = false;
  readonly freshnessWaitMs: number;
  private readonly loops: Promise<void>[] = [];
  private readonly followers = new Set<LedgerFollower>();

  constructor(
    private readonly store: EventStore,
    private readonly rows: ProjectionStore,
    readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.rebuildBatchSize = options.batchSize ?? 5000;
    this.freshnessWaitMs = options.freshnessWaitMs ?? 2000;
  }

  /** Registers every projection, rebuilds those whose definition changed, and follows the ledger. */
  async start(): Promise<void> {
    for (const p of this.projections) {
      const state = await this.rows.register(p.name, p.version, p.columns);
      this.positions.set(p.name, state.position);
      if (state.version !== p.version) {
        // The served table was made by another fold: keep serving it until the new one is built.
        this.rebuilding.add(p.name);
        this.loops.push(this.follow(p, () => this.rebuild(p.name).then(() => void this.rebuilding.delete(p.name))));
      } else {
        this.loops.push(this.follow(p));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const f of [...this.followers]) f.stop();
    await Promise.allSettled(this.loops);
  }

  /** Applies everything up to the current head once, then returns (CLI, tests). */
  async catchUp(name?: string): Promise<void> {
    for (const p of this.projections) {
      if (name !== undefined && p.name !== name) continue;
      await this.rows.register(p.name, p.version, p.columns);
      this.failed.delete(p.name);
      for (;;) {
        const state = (await this.rows.state(p.name))!;
        if (this.failed.has(p.name)) break; // stopped at an entry it cannot apply: reported in its state
        const page = await this.store.readAll(state.position, this.batchSize);
        if (page.length === 0) break;
        await this.applyBatch(p, state.position, page.map(prepare), this.liveTarget(p, state));
      }
    }
  }

  async statuses(): Promise<ProjectionStatus[]> {
    const states = new Map((await this.rows.states()).map((s) => [s.name, s]));
    return this.projections.map((p) => {
      const s = states.get(p.name);
      return {
        name: p.name,
        version: s?.version ?? p.version,
        // A following projection may hold back a checkpoint that changed no rows (live-target.ts): report what it applied.
        position: Math.max(s?.position ?? 0, s?.status === 'failed' ? 0 : this.position(p.name)),
        status:
          s?.status === 'failed'
            ? 'failed'
            : this.rebuilding.has(p.name)
              ? 'rebuilding'
              : this.retrying.has(p.name)
                ? 'retrying'
                : 'running',
        failedPosition: s?.failedPosition ?? null,
        error: s?.error ?? this.retrying.get(p.name) ?? null,
      };
    });
  }

  /** The last position this process knows `name` to have applied. */
  position(name: string): number {
    return this.positions.get(name) ?? 0;
  }

  /** Resolves true once every named projection has applied `position`, false after `timeoutMs`. */
  async waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const reached = (): boolean => names.every((n) => (this.positions.get(n) ?? 0) >= position);
    if (reached()) return true;
    const deadline = Date.now() + timeoutMs;
    while (!reached()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 200));
        this.waiters.add(wake);
      });
    }
    return true;
  }

  /**
   * Blue/green rebuild: fills a fresh table from position 0 while the served one keeps serving
   * (and following), then swaps them in one transaction once the new one has caught up.
   */
  async rebuild(name: string): Promise<void> {
    return this.rebuildAll([name]);
  }

  /**
   * Rebuilds several projections in one pass over the ledger: each page is read and upcast once
   * and fed to every build (src/projection-runner/projection-rebuild.ts).
   */
  rebuildAll(names: readonly string[]): Promise<void> {
    const projections = names.map((name) => {
      const p = this.projections.find((x) => x.name === name);
      if (!p) throw new Error(`no projection named ${name}`);
      return p;
    });
    return rebuildProjections(
      {
        store: this.store,
        rows: this.rows,
        batchSize: this.rebuildBatchSize,
        stopped: () => this.stopped,
        applyBatch: (p, from, entries, target, cache) => this.applyBatch(p, from, entries, target, cache),
        failure: (name) => this.failed.get(name)?.error,
        swapped: (name, position) => {
          this.positions.set(name, position);
          this.failed.delete(name);
        },
        wake: () => this.wake(),
      },
      projections,
    );
  }

  private liveTarget(p: Projection, state: ProjectionState): Target {
    return { table: state.table, commit: (from, to, changes) => this.rows.commitBatch(p.name, state.table, from, to, changes, p.columns) };
  }

  /** Follows the ledger (after `rebuildFirst`) until stopped or failed at an entry, through a store's failures (./ledger-follower.ts). */
  private follow(p: Projection, rebuildFirst?: () => Promise<void>): Promise<void> {
    const follower = new LedgerFollower(
      {
        store: this.store,
        rows: this.rows,
        batchSize: this.batchSize,
        checkpointLag: this.options.checkpointLag ?? DEFAULT_CHECKPOINT_LAG,
        retryPauseMs: this.options.retryPauseMs ?? RETRY_PAUSE_MS,
        applyBatch: (q, from, entries, target) => this.applyBatch(q, from, entries, target),
        failed: (name) => this.failed.has(name),
        reached: (name, position) => {
          this.retrying.delete(name);
          this.positions.set(name, position);
          this.wake();
        },
        onRetry: (name, error, pauseMs) => {
          this.retrying.set(name, `${error.name}: ${error.message}`);
          this.options.onRetry?.(name, error, pauseMs);
        },
      },
      p,
      rebuildFirst,
    );
    this.followers.add(follower);
    if (this.stopped) follower.stop();
    return follower.run().finally(() => this.followers.delete(follower));
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  private async applyBatch(
    p: Projection,
    from: number,
    entries: readonly Prepared[],
    target: Target,
    kept?: BuildCache,
  ): Promise<number | null> {
    const outcome = await applyBatch(this.rows, p, from, entries, target, kept);
    if ('failure' in outcome) {
      const { position, error } = outcome.failure;
      this.failed.set(p.name, { position, error: `${error.name}: ${error.message}` });
      this.options.onError?.(p.name, position, error);
      return null;
    }
    return 'applied' in outcome ? outcome.applied : null;
  }
}
