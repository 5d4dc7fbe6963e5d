import type { ProjectedEntry, Projection } from '../../projections/projection';
import type { LedgerEntry } from '../ledger/event-store.port';
import { eventOf } from '../ledger/fold';

/**
 * Thrown by a read for a row not in memory yet: the runner loads it and asks keysOf again (it is
 * pure). Not an Error: no stack trace is captured on this hot path.
 */
export class RowNotLoaded {
  constructor(readonly key: string) {}
}

/**
 * The apply step of projections/projection.ts, the one copy the runner and the in-memory test harness
 * share: given the keys keysOf named for an entry, apply once per key in order, each key seeing what
 * earlier keys of this entry left. apply may read only the named keys. The entry's rows are staged and
 * returned together (null deletes a row): the caller stores all of them or, if apply throws, none.
 * `view` is how a staged row is shown to later keys (the harness deep-freezes it).
 */
export function stageEntry<Row extends object>(
  p: Projection<Row>,
  entry: ProjectedEntry,
  keys: readonly string[],
  read: (key: string) => Row | null,
  view: (row: Row) => Row = (row) => row,
): Map<string, Row | null> {
  const named = new Set(keys);
  const staged = new Map<string, Row | null>();
  const current = (key: string): Row | null => {
    if (!named.has(key)) throw new Error(`projection ${p.name}: apply read ${key}, which keysOf did not name`);
    if (!staged.has(key)) return read(key);
    const row = staged.get(key)!;
    return row === null ? null : view(row);
  };
  for (const key of keys) staged.set(key, p.apply(current(key), entry, key, current));
  return staged;
}

/** An entry as projections see it: the public envelope and the upcast event, never the private part. */
export function projected(entry: LedgerEntry): ProjectedEntry {
  const { private: _p, ...event } = eventOf(entry);
  return {
    position: entry.position,
    streamId: entry.streamId,
    streamVersion: entry.streamVersion,
    recordedAt: entry.recordedAt,
    leafHash: entry.leafHash,
    event,
  };
}

/** An entry made ready once for every projection, or the reason it cannot be read (unknown type, ...). */
export type Prepared = ProjectedEntry | { readonly position: number; readonly unreadable: Error };

export function prepare(entry: LedgerEntry): Prepared {
  try {
    return projected(entry);
  } catch (error) {
    return { position: entry.position, unreadable: error as Error };
  }
}
