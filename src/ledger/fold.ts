import { upcast } from '../../events/upcasting';
import type { LedgerEvent } from '../../events';
import type { LedgerEntry } from './event-store.port';

/** An entry's event in its current shape (upcast on read; the stored bytes never change). */
export function eventOf(entry: LedgerEntry): LedgerEvent {
  return upcast({ type: entry.type, schemaVersion: entry.schemaVersion, data: entry.data, ...(entry.private !== undefined ? { private: entry.private } : {}) });
}

/** State of an aggregate from its stream's entries: evolve over the upcast events, oldest first. */
export function foldStream<S, E extends LedgerEvent>(entries: readonly LedgerEntry[], evolve: (state: S, event: E) => S, initial: S): S {
  let state = initial;
  for (const entry of entries) state = evolve(state, eventOf(entry) as E);
  return state;
}
