import type { ColumnDefinition } from '../../projections/projection';
import type { ReadModelName, ReadModelRows } from '../../projections';

/** Where a projection stands. One row per projection in `projection_state`. */
export interface ProjectionState {
  readonly name: string;
  readonly version: number;
  /** The table queries read. */
  readonly table: string;
  /** Last ledger position applied to `table`. */
  readonly position: number;
  readonly status: 'running' | 'failed';
  readonly failedPosition: number | null;
  readonly error: string | null;
}

/** A blue/green build in progress: a fresh table filled from position 0 while `table` keeps serving. */
export interface ProjectionBuild {
  readonly name: string;
  readonly version: number;
  readonly table: string;
  readonly position: number;
}

/** A read model's row type by its name; a projection outside the registry (tests) has plain objects. */
export type RowFor<N extends string> = N extends ReadModelName ? ReadModelRows[N] : object;

export type Columns = { readonly [column: string]: ColumnDefinition<never> };

export interface RowChange {
  readonly key: string;
  readonly row: object | null;
}

/**
 * A text column containing a string, or starting with one (SQL LIKE with the wildcards escaped).
 * SQLite's LIKE ignores the case of ASCII letters and PostgreSQL's does not: match a column the
 * projection stores already folded (e.g. lower case) with a needle folded the same way, and both agree.
 */
export type TextMatch = { readonly contains: string } | { readonly startsWith: string };

export interface RowQuery {
  /** column = value, or column within [from, to] (either end optional, inclusive), or IS NULL for null, or a TextMatch. */
  readonly where?: {
    readonly [column: string]: string | number | null | { readonly from?: string | number; readonly to?: string | number } | TextMatch;
  };
  readonly keyPrefix?: string;
  /** Only keys after this one (keyset pagination over fixed-width keys). */
  readonly afterKey?: string;
  readonly orderBy?: { readonly column: string; readonly desc?: boolean };
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * Read-model storage: in the ledger's own database, or in MongoDB (mongo/mongo-projection-store.ts). Rows are JSON documents by key with the
 * projection's columns beside them. Writing a batch moves the checkpoint in the same
 * transaction, and only if the checkpoint (and table) are still what the writer read: two
 * runners can never both apply an entry, and a crash can neither skip nor repeat one.
 */
export interface ProjectionStore {
  states(): Promise<ProjectionState[]>;
  state(name: string): Promise<ProjectionState | null>;
  /** Creates the state row and its first table if the projection is new. */
  register(name: string, version: number, columns: Columns): Promise<ProjectionState>;
  loadRows(table: string, keys: readonly string[]): Promise<Map<string, object>>;
  /** Applies changes to `table` and moves its checkpoint from `from` to `to`; false if someone else moved it. */
  commitBatch(name: string, table: string, from: number, to: number, changes: readonly RowChange[], columns: Columns): Promise<boolean>;
  markFailed(name: string, table: string, position: number, error: string): Promise<void>;
  /** Blue/green: start (or resume) a build table for `version`. */
  startBuild(name: string, version: number, columns: Columns): Promise<ProjectionBuild>;
  build(name: string): Promise<ProjectionBuild | null>;
  commitBuildBatch(
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean>;
  /** Adds the column indexes to a build table (it is filled without them). Idempotent. */
  indexBuild(table: string, columns: Columns): Promise<void>;
  /** Makes the build the served table, if it has caught up with `position`; drops the old table. */
  swap(name: string, build: ProjectionBuild): Promise<boolean>;
  /** A served row by key, typed by its read model (projections/index.ts ReadModelRows). */
  getRow<N extends string>(name: N, key: string): Promise<RowFor<N> | null>;
  queryRows<N extends string>(name: N, query: RowQuery): Promise<RowFor<N>[]>;
  countRows(name: string, query: RowQuery): Promise<number>;
  /** All rows of a table by key, for comparing a read model with a rebuild. */
  dumpTable(table: string): Promise<[string, string][]>;
  /** Releases what the store opened itself (the MongoDB client); the SQL stores use the ledger's connection and close nothing. */
  close(): Promise<void>;
}

const NAME = /^[a-z][a-z0-9_]{0,60}$/;

/** Table and column names come from code, never from requests; still, check them before they reach SQL. */
export function checkIdentifier(name: string): string {
  if (!NAME.test(name)) throw new Error(`invalid projection identifier ${JSON.stringify(name)}`);
  return name;
}

export function tableName(name: string, generation: number): string {
  return `rm_${checkIdentifier(name)}_${generation}`;
}
