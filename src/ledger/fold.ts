import { upcast } from '../../events/upcasting';
import type { LedgerEvent } from '../../events';
import type { LedgerEntry } from './event-store.port';

/** An entry's event in its current shape (upcast on read; the stored bytes never change). */
export function eventOf(entry: LedgerEntry): LedgerEvent {
  return upcast({
    type: entry.type,
    schemaVersion: entry.schemaVersion,
    data: entry.data,
    ...(entry.private !== undefined ? { private: entry.private } : {}),
  });
}

/** State of an aggregate from its stream's entries: evolve over the upcast events, oldest first. */
export function foldStream<S, E extends LedgerEvent>(entries: readonly LedgerEntry[], evolve: (state: S, event: E) => S, initial: S): S {
  let state = initial;
  for (const entry of entries) state = evolve(state, eventOf(entry) as E);
  return state;
}

/** The folded state of one loaded stream, by its decider's evolve and initial state. */
export function stateOf<S, E extends LedgerEvent>(
  loaded: ReadonlyMap<string, { readonly entries: readonly LedgerEntry[] }>,
  streamId: string,
  decider: {
    readonly evolve: (state: S, event: E) => S;
    readonly initialState: () => S;
    /** The same as evolve event by event, in one pass: for streams that grow long (a region-year's budget). */
    readonly evolveAll?: (state: S, events: readonly E[]) => S;
  },
): S {
  const stream = loaded.get(streamId);
  if (!stream) throw new Error(`stream ${streamId} was not loaded`);
  if (decider.evolveAll)
    return decider.evolveAll(
      decider.initialState(),
      stream.entries.map((e) => eventOf(e) as E),
    );
  return foldStream(stream.entries, decider.evolve, decider.initialState());
}
