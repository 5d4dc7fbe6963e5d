import type { EventStore, LedgerEntry } from '../ledger/event-store.port';
import { eventOf } from '../ledger/fold';
import type { ProjectedEntry, Projection } from '../../projections/projection';
import type { Columns, ProjectionBuild, ProjectionState, ProjectionStore, RowChange } from './projection-store.port';

export interface RunnerOptions {
  /** Entries applied per transaction (default 1,000 when following, 5,000 when rebuilding). */
  readonly batchSize?: number;
  readonly onError?: (projection: string, position: number, error: Error) => void;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly position: number;
  readonly status: 'running' | 'failed' | 'rebuilding';
  readonly failedPosition: number | null;
  readonly error: string | null;
}

/**
 * Thrown by `get` for a row not in memory yet: the runner loads it and asks keysOf again (it is
 * pure). Not an Error: no stack trace is captured on this hot path.
 */
class RowNotLoaded {
  constructor(readonly key: string) {}
}

/** An entry as projections see it: the public envelope and the upcast event, never the private part. */
export function projected(entry: LedgerEntry): ProjectedEntry {
  const { private: _p, ...event } = eventOf(entry);
  return { position: entry.position, streamId: entry.streamId, streamVersion: entry.streamVersion, recordedAt: entry.recordedAt, leafHash: entry.leafHash, event };
}

/** An entry made ready once for every projection, or the reason it cannot be read (unknown type, ...). */
type Prepared = ProjectedEntry | { readonly position: number; readonly unreadable: Error };

function prepare(entry: LedgerEntry): Prepared {
  try {
    return projected(entry);
  } catch (error) {
    return { position: entry.position, unreadable: error as Error };
  }
}

type Target = { readonly table: string; commit(from: number, to: number, changes: readonly RowChange[]): Promise<boolean> };

/** Rows a rebuild keeps in memory between its batches, up to this many per projection. */
const BUILD_CACHE_ROWS = 100_000;

/**
 * A build's rows kept between batches. Only the build writes its table (a batch whose checkpoint
 * moved under it is refused), so what it wrote is what the table holds; and while the cache has
 * seen every row since position 0 (`complete`), a key it lacks is a row that does not exist.
 */
interface BuildCache {
  readonly rows: Map<string, object | null>;
  complete: boolean;
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
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly subscriptions = new Set<{ close(): void }>();

  constructor(
    private readonly store: EventStore,
    private readonly rows: ProjectionStore,
    readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.rebuildBatchSize = options.batchSize ?? 5000;
  }

  /** Registers every projection, rebuilds those whose definition changed, and follows the ledger. */
  async start(): Promise<void> {
    for (const p of this.projections) {
      const state = await this.rows.register(p.name, p.version, p.columns as Columns);
      this.positions.set(p.name, state.position);
      if (state.version !== p.version) {
        // The served table was made by another fold: keep serving it until the new one is built.
        this.rebuilding.add(p.name);
        this.loops.push(this.rebuild(p.name).then(() => this.rebuilding.delete(p.name)).then(() => this.follow(p)));
      } else {
        this.loops.push(this.follow(p));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of [...this.subscriptions]) s.close();
    await Promise.allSettled(this.loops);
  }

  /** Applies everything up to the current head once, then returns (CLI, tests). */
  async catchUp(name?: string): Promise<void> {
    for (const p of this.projections) {
      if (name !== undefined && p.name !== name) continue;
      await this.rows.register(p.name, p.version, p.columns as Columns);
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
        name: p.name, version: s?.version ?? p.version, position: s?.position ?? 0,
        status: s?.status === 'failed' ? 'failed' : this.rebuilding.has(p.name) ? 'rebuilding' : 'running',
        failedPosition: s?.failedPosition ?? null, error: s?.error ?? null,
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
   * and fed to every build.
   */
  async rebuildAll(names: readonly string[]): Promise<void> {
    const projections = names.map((name) => {
      const p = this.projections.find((x) => x.name === name);
      if (!p) throw new Error(`no projection named ${name}`);
      return p;
    });
    const builds = new Map<string, ProjectionBuild>();
    const caches = new Map<string, BuildCache>();
    for (const p of projections) {
      await this.rows.register(p.name, p.version, p.columns as Columns);
      const build = await this.rows.startBuild(p.name, p.version, p.columns as Columns);
      builds.set(p.name, build);
      caches.set(p.name, { rows: new Map(), complete: build.position === 0 });
    }
    let pending = [...projections];
    for (let attempt = 0; pending.length > 0; attempt++) {
      // Catch every pending build up to the head, then swap those that still are there.
      for (;;) {
        const from = Math.min(...pending.map((p) => builds.get(p.name)!.position));
        const page = await this.store.readAll(from, this.rebuildBatchSize);
        if (page.length === 0) break;
        const entries = page.map(prepare);
        for (const p of pending) {
          const build = builds.get(p.name)!;
          const mine = entries.filter((e) => e.position > build.position);
          if (mine.length === 0) continue;
          const target: Target = { table: build.table, commit: (f, t, changes) => this.rows.commitBuildBatch(p.name, build.table, f, t, changes, p.columns as Columns) };
          const to = await this.applyBatch(p, build.position, mine, target, caches.get(p.name));
          if (to === null) throw new Error(`rebuild of ${p.name} stopped: ${this.failed.get(p.name)?.error ?? 'its checkpoint moved under it'}`);
          builds.set(p.name, { ...build, position: to });
        }
      }
      const swapped: string[] = [];
      for (const p of pending) {
        const build = builds.get(p.name)!;
        await this.rows.indexBuild(build.table, p.columns as Columns);
        if (await this.rows.swap(p.name, build)) {
          this.positions.set(p.name, build.position);
          this.failed.delete(p.name);
          swapped.push(p.name);
        }
      }
      this.wake();
      pending = pending.filter((p) => !swapped.includes(p.name));
      // The served copies moved on while we caught up: catch up again.
      if (pending.length > 0 && (this.stopped || attempt > 1000)) throw new Error(`rebuild of ${pending.map((p) => p.name).join(', ')} could not catch up`);
    }
  }

  private liveTarget(p: Projection, state: ProjectionState): Target {
    return { table: state.table, commit: (from, to, changes) => this.rows.commitBatch(p.name, state.table, from, to, changes, p.columns as Columns) };
  }

  /** Follows the ledger through the catch-up subscription, in batches, until stopped or failed. */
  private async follow(p: Projection): Promise<void> {
    while (!this.stopped) {
      const state = (await this.rows.state(p.name))!;
      this.positions.set(p.name, state.position);
      this.wake();
      const subscription = this.store.subscribe(state.position, { batchSize: this.batchSize });
      this.subscriptions.add(subscription);
      const iterator = subscription[Symbol.asyncIterator]();
      let position = state.position;
      let restart = false;
      // One next() is always outstanding: a value it brings must never be dropped.
      let pending = iterator.next();
      try {
        while (!this.stopped && !restart) {
          const first = await pending;
          if (first.done) break;
          pending = iterator.next();
          const batch = [first.value];
          // Take what the subscription already holds, up to a batch, without waiting for more.
          while (batch.length < this.batchSize) {
            const next = await Promise.race([pending, new Promise<null>((r) => setImmediate(() => r(null)))]);
            if (next === null || next.done) break;
            pending = iterator.next();
            batch.push(next.value);
          }
          const to = await this.applyBatch(p, position, batch.map(prepare), this.liveTarget(p, state));
          if (to === null) {
            if (this.failed.has(p.name)) return; // stopped at a bad entry: stays there until restart or rebuild
            restart = true; // the checkpoint or table moved (a rebuild swapped in): start again from the state
          } else {
            position = to;
            this.positions.set(p.name, to);
            this.wake();
          }
        }
      } finally {
        subscription.close();
        this.subscriptions.delete(subscription);
      }
      if (!restart) return;
    }
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Applies consecutive entries starting right after `from`. Returns the new checkpoint, or null
   * if the target moved under us or a projection threw (then what came before is stored).
   */
  private async applyBatch(p: Projection, from: number, entries: readonly Prepared[], target: Target, kept?: BuildCache): Promise<number | null> {
    const cache = kept?.rows ?? new Map<string, object | null>();
    // Most entries touch rows already in memory: no promise, no turn of the event loop, for those.
    const load = (keys: readonly string[]): Promise<void> | undefined => {
      const missing = keys.filter((k) => !cache.has(k));
      if (missing.length === 0) return undefined;
      if (kept?.complete) {
        for (const k of missing) cache.set(k, null);
        return undefined;
      }
      return this.rows.loadRows(target.table, missing).then((found) => {
        for (const k of missing) cache.set(k, found.get(k) ?? null);
      });
    };
    const changed = new Set<string>();
    let applied = from;
    let failure: { position: number; error: Error } | null = null;
    for (const entry of entries) {
      if (entry.position !== applied + 1) throw new Error(`projection ${p.name}: expected position ${applied + 1}, got ${entry.position}`);
      try {
        // An entry this code cannot read stops the projection there, like a fold that throws.
        if ('unreadable' in entry) throw entry.unreadable;
        const pe = entry;
        let keys: readonly string[];
        for (;;) {
          try {
            keys = p.keysOf(pe, (key) => {
              if (!cache.has(key)) throw new RowNotLoaded(key);
              return cache.get(key) ?? null;
            });
            break;
          } catch (e) {
            if (!(e instanceof RowNotLoaded)) throw e;
            await load([e.key]);
          }
        }
        const loading = load(keys);
        if (loading) await loading;
        // Stage this entry's rows: they reach the batch only if every key applies.
        const staged = new Map<string, object | null>();
        const current = (key: string): object | null => {
          if (staged.has(key)) return staged.get(key)!;
          if (!cache.has(key)) throw new Error(`projection ${p.name}: apply read ${key}, which keysOf did not name`);
          return cache.get(key) ?? null;
        };
        for (const key of keys) staged.set(key, p.apply(current(key), pe, key, current) as object | null);
        for (const [k, row] of staged) {
          // A row the fold handed back as it was is not written again.
          if (row === (cache.get(k) ?? null)) continue;
          cache.set(k, row);
          changed.add(k);
        }
        applied = entry.position;
      } catch (error) {
        failure = { position: entry.position, error: error as Error };
        break;
      }
    }
    const changes: RowChange[] = [...changed].map((key) => ({ key, row: cache.get(key) ?? null }));
    if (applied > from && !(await target.commit(from, applied, changes))) return null;
    if (kept && kept.rows.size > BUILD_CACHE_ROWS) {
      kept.rows.clear();
      kept.complete = false;
    }
    if (failure) {
      const message = `${failure.error.name}: ${failure.error.message}`;
      this.failed.set(p.name, { position: failure.position, error: message });
      const state = await this.rows.state(p.name);
      if (state && state.table === target.table) await this.rows.markFailed(p.name, target.table, failure.position, message);
      this.options.onError?.(p.name, failure.position, failure.error);
      return null;
    }
    return applied;
  }
}
