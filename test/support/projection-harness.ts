import type { LedgerEvent } from '../../events';
import type { ProjectedEntry, Projection } from '../../projections/projection';

/** Entries as the runner hands them to projections: positions 1.., no private part. */
export function entriesOf(events: readonly LedgerEvent[]): ProjectedEntry[] {
  return events.map((event, i) => {
    const { private: _p, ...publicEvent } = event as LedgerEvent & { private?: unknown };
    return { position: i + 1, streamId: 'test', streamVersion: i + 1, recordedAt: `2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`, leafHash: `leaf-${i + 1}`, event: publicEvent as LedgerEvent };
  });
}

/** Folds entries through keysOf / get / apply exactly as the projection runner does, in memory. */
export function foldProjection<Row extends object>(projection: Projection<Row>, entries: readonly ProjectedEntry[]): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const entry of entries) {
    const before = new Map(rows);
    const keys = projection.keysOf(entry, (key) => before.get(key) ?? null);
    const staged = new Map<string, Row | null>();
    for (const key of keys) staged.set(key, projection.apply(staged.has(key) ? staged.get(key)! : rows.get(key) ?? null, entry, key));
    for (const [key, row] of staged) {
      if (row === null) rows.delete(key);
      else rows.set(key, row);
    }
  }
  return rows;
}
