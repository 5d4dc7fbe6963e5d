import type { ProjectedEntry, Projection } from '../../projections/projection';
import type { EventStore, LedgerEntry } from '../ledger/event-store.port';
import { projected, stageEntry } from './apply-step';

/**
 * A projection folded in memory over a chosen set of entries (in ledger order): the read model as it stood
 * for a past view (`?asOf`, `?recordedBefore`), computed by the same pure fold that builds the stored rows.
 */
export function foldInMemory<Row extends object>(p: Projection<Row>, entries: readonly ProjectedEntry[]): Map<string, Row> {
  const rows = new Map<string, Row>();
  const read = (key: string): Row | null => rows.get(key) ?? null;
  for (const entry of entries) {
    const staged = stageEntry(p, entry, p.keysOf(entry, read), read);
    for (const [key, row] of staged) {
      if (row === null) rows.delete(key);
      else rows.set(key, row);
    }
  }
  return rows;
}

/** The projection folded over the entries of `streams` that `keep` admits, merged in ledger order. */
export async function foldStreamsInMemory<Row extends object>(
  store: EventStore,
  p: Projection<Row>,
  streams: readonly string[],
  keep: (entry: LedgerEntry) => boolean,
): Promise<Map<string, Row>> {
  const read = await Promise.all([...new Set(streams)].map((s) => store.readStream(s)));
  const entries = read
    .flat()
    .filter(keep)
    .sort((a, b) => a.position - b.position)
    .map(projected);
  return foldInMemory(p, entries);
}
