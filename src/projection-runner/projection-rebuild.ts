import type { Projection } from '../../projections/projection';
import type { EventStore } from '../ledger/event-store.port';
import { prepare, type Prepared } from './apply-step';
import type { ProjectionBuild, ProjectionStore, RowChange } from './projection-store.port';

/** Where a batch goes: a table and how to commit to it (moving its checkpoint). */
export type Target = {
  readonly table: string;
  /** `mayDefer`: the batch ended without a failure, so a target may hold back a checkpoint that changed no rows (LiveTarget). */
  commit(from: number, to: number, changes: readonly RowChange[], mayDefer?: boolean): Promise<boolean>;
};

/** Rows a rebuild keeps in memory between its batches, up to this many per projection. */
export const BUILD_CACHE_ROWS = 100_000;

/**
 * A build's rows kept between batches. Only the build writes its table (a batch whose checkpoint
 * moved under it is refused), so what it wrote is what the table holds; and while the cache has
 * seen every row since position 0 (`complete`), a key it lacks is a row that does not exist.
 */
export interface BuildCache {
  readonly rows: Map<string, object | null>;
  complete: boolean;
}

/** What a rebuild needs of the runner that owns it. */
export interface RebuildHost {
  readonly store: EventStore;
  readonly rows: ProjectionStore;
  readonly batchSize: number;
  stopped(): boolean;
  applyBatch(p: Projection, from: number, entries: readonly Prepared[], target: Target, cache?: BuildCache): Promise<number | null>;
  /** Why a projection stopped at an entry, if it did. */
  failure(name: string): string | undefined;
  /** A build was swapped in at `position`. */
  swapped(name: string, position: number): void;
  wake(): void;
}

/**
 * Blue/green rebuild of several projections in one pass over the ledger: each fills a fresh table from
 * position 0 while the served one keeps serving (and following), then the two are swapped in one
 * transaction once the new one has caught up; served copies that moved on meanwhile are caught up again.
 */
export async function rebuildProjections(host: RebuildHost, projections: readonly Projection[]): Promise<void> {
  const builds = new Map<string, ProjectionBuild>();
  const caches = new Map<string, BuildCache>();
  for (const p of projections) {
    await host.rows.register(p.name, p.version, p.columns);
    const build = await host.rows.startBuild(p.name, p.version, p.columns);
    builds.set(p.name, build);
    caches.set(p.name, { rows: new Map(), complete: build.position === 0 });
  }
  let pending = [...projections];
  for (let attempt = 0; pending.length > 0; attempt++) {
    // Catch every pending build up to the head, then swap those that still are there.
    for (;;) {
      const from = Math.min(...pending.map((p) => builds.get(p.name)!.position));
      const page = await host.store.readAll(from, host.batchSize);
      if (page.length === 0) break;
      const entries = page.map(prepare);
      for (const p of pending) {
        const build = builds.get(p.name)!;
        const mine = entries.filter((e) => e.position > build.position);
        if (mine.length === 0) continue;
        const target: Target = {
          table: build.table,
          commit: (f, t, changes) => host.rows.commitBuildBatch(p.name, build.table, f, t, changes, p.columns),
        };
        const to = await host.applyBatch(p, build.position, mine, target, caches.get(p.name));
        if (to === null) throw new Error(`rebuild of ${p.name} stopped: ${host.failure(p.name) ?? 'its checkpoint moved under it'}`);
        builds.set(p.name, { ...build, position: to });
      }
    }
    const swapped: string[] = [];
    for (const p of pending) {
      const build = builds.get(p.name)!;
      await host.rows.indexBuild(build.table, p.columns);
      if (await host.rows.swap(p.name, build)) {
        host.swapped(p.name, build.position);
        swapped.push(p.name);
      }
    }
    host.wake();
    pending = pending.filter((p) => !swapped.includes(p.name));
    // The served copies moved on while we caught up: catch up again.
    if (pending.length > 0 && (host.stopped() || attempt > 1000))
      throw new Error(`rebuild of ${pending.map((p) => p.name).join(', ')} could not catch up`);
  }
}
