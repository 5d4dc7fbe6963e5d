import type { Projection } from '../../projections/projection';
import { RowNotLoaded, stageEntry, type Prepared } from './apply-step';
import { BUILD_CACHE_ROWS, type BuildCache, type Target } from './projection-rebuild';
import type { ProjectionStore, RowChange } from './projection-store.port';

/** Where a batch ended: applied up to a position, stopped at an entry a projection could not apply, or refused because the target moved. */
export type BatchOutcome =
  { readonly applied: number } | { readonly failure: { readonly position: number; readonly error: Error } } | { readonly moved: true };

/**
 * Applies consecutive entries starting right after `from` and commits the rows they changed with the
 * checkpoint, in one transaction. Rows come from `kept` (a rebuild's cache) or are loaded as keysOf names
 * them. A projection that throws keeps what came before (committed) and is marked failed at that entry.
 */
export async function applyBatch(
  rows: ProjectionStore,
  p: Projection,
  from: number,
  entries: readonly Prepared[],
  target: Target,
  kept?: BuildCache,
): Promise<BatchOutcome> {
  const cache = kept?.rows ?? new Map<string, object | null>();
  // Most entries touch rows already in memory: no promise, no turn of the event loop, for those.
  const load = (keys: readonly string[]): Promise<void> | undefined => {
    const missing = keys.filter((k) => !cache.has(k));
    if (missing.length === 0) return undefined;
    if (kept?.complete) {
      for (const k of missing) cache.set(k, null);
      return undefined;
    }
    return rows.loadRows(target.table, missing).then((found) => {
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
            // A control-flow signal caught below, not an error: no stack is captured on a cache miss.
            // eslint-disable-next-line @typescript-eslint/only-throw-error
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
      const staged = stageEntry(p, pe, keys, (key) => cache.get(key) ?? null);
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
  // On a failure too: a checkpoint a live target held back is stored before the projection is marked failed there.
  if ((applied > from || failure !== null) && !(await target.commit(from, applied, changes, failure === null))) return { moved: true };
  if (kept && kept.rows.size > BUILD_CACHE_ROWS) {
    kept.rows.clear();
    kept.complete = false;
  }
  if (failure) {
    const message = `${failure.error.name}: ${failure.error.message}`;
    const state = await rows.state(p.name);
    if (state && state.table === target.table) await rows.markFailed(p.name, target.table, failure.position, message);
    return { failure };
  }
  return { applied };
}
