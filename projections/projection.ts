import type { LedgerEvent } from '../events';

/**
 * What a projection sees of a ledger entry: the public envelope and the event in its current
 * shape (upcast). Never the private part: no read model can leak what it never receives.
 */
export interface ProjectedEntry {
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly leafHash: string;
  readonly event: LedgerEvent;
}

/** A column kept beside each row so queries can filter and sort without reading every row. */
export interface ColumnDefinition<Row> {
  readonly type: 'text' | 'integer';
  of(row: Row): string | number | null;
}

/**
 * A read model as a pure fold over ledger entries (DESIGN.md "projections/<name>"). The runner
 * stores rows as JSON documents by key, with the declared columns beside them, in the same
 * database as the ledger, and moves the projection's checkpoint in the same transaction.
 *
 * For each entry: `keysOf` names the rows the entry changes ([] = not concerned), then `apply`
 * runs once per key, in order, each seeing the row as earlier entries (and earlier keys of this
 * entry) left it. `keysOf`'s `get` reads this projection's own rows as they stand before the
 * entry, e.g. a `contract:<id>` row that maps a contract to its project; `apply`'s `get` reads
 * any of the keys `keysOf` named, as earlier keys of this entry left it (so a total row can take
 * a contract's category from the contract's own row instead of carrying every contract inside
 * itself). Both must be pure and deterministic: a rebuild from position 0 must give exactly the
 * same rows.
 */
export interface Projection<Row extends object = object> {
  /** Lower-case letters and underscores: part of the table names. */
  readonly name: string;
  /** Bump when the fold changes: the service rebuilds the projection from position 0 on start. */
  readonly version: number;
  readonly columns: { readonly [column: string]: ColumnDefinition<Row> };
  keysOf(entry: ProjectedEntry, get: (key: string) => Row | null): readonly string[];
  apply(row: Row | null, entry: ProjectedEntry, key: string, get: (key: string) => Row | null): Row | null;
}
