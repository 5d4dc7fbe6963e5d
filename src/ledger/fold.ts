import { upcast } from '../../events/upcasting';
import type { LedgerEvent } from '../../events';
import type { LedgerEntry } from './event-store.port';
import type { FoldMemo } from './stream-cache';

/** What a fold reads of an entry. */
export type FoldableEntry = Pick<LedgerEntry, 'type' | 'schemaVersion' | 'data' | 'private'>;

/** An entry's event in its current shape (upcast on read; the stored bytes never change). */
export function eventOf(entry: FoldableEntry): LedgerEvent {
  return upcast({
    type: entry.type,
    schemaVersion: entry.schemaVersion,
    data: entry.data,
    ...(entry.private !== undefined ? { private: entry.private } : {}),
  });
}

/** State of an aggregate from its stream's entries: evolve over the upcast events, oldest first. */
export function foldStream<S, E extends LedgerEvent>(entries: readonly FoldableEntry[], evolve: (state: S, event: E) => S, initial: S): S {
  let state = initial;
  for (const entry of entries) state = evolve(state, eventOf(entry) as E);
  return state;
}

type Decider<S, E> = {
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: () => S;
  /** The same as evolve event by event, in one pass: for streams that grow long (a region-year's budget). */
  readonly evolveAll?: (state: S, events: readonly E[]) => S;
};

function foldOn<S, E extends LedgerEvent>(state: S, entries: readonly FoldableEntry[], decider: Decider<S, E>): S {
  if (decider.evolveAll)
    return decider.evolveAll(
      state,
      entries.map((e) => eventOf(e) as E),
    );
  return foldStream(entries, decider.evolve, state);
}

/**
 * The folded state of one loaded stream, by its decider's evolve and initial state. A stream loaded from the
 * command runner's StreamCache carries the folds of its durable prefix: the fold resumes from the last one and
 * leaves its own there; entries past `durable` (still on their way to disk) are folded on top, never kept.
 */
export function stateOf<S, E extends LedgerEvent>(
  loaded: ReadonlyMap<string, { readonly entries: readonly FoldableEntry[]; readonly folds?: FoldMemo; readonly durable?: number }>,
  streamId: string,
  decider: Decider<S, E>,
): S {
  const stream = loaded.get(streamId);
  if (!stream) throw new Error(`stream ${streamId} was not loaded`);
  const { entries, folds, durable } = stream;
  if (folds === undefined || durable === undefined) return foldOn(decider.initialState(), entries, decider);
  const memo = folds.get(decider.evolve);
  const from = memo !== undefined && memo.count <= durable ? memo.count : 0;
  const kept = foldOn(from > 0 ? (memo!.state as S) : decider.initialState(), entries.slice(from, durable), decider);
  folds.set(decider.evolve, { state: kept, count: durable });
  return foldOn(kept, entries.slice(durable), decider);
}
