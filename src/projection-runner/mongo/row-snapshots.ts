import type { RowChange } from '../projection-store.port';

/** Rows of one served collection as they stood at a checkpoint position. */
interface Snapshot {
  position: number;
  readonly rows: Map<string, object>;
}

/** Collections up to this many rows are held in memory while their projection follows the ledger. */
export const SNAPSHOT_ROWS = 50_000;

/**
 * The rows of each served collection, read whole once and then kept up to date by this store's own
 * batches, so that following the ledger asks the server for no row: a runner asks for one key at a time,
 * most of them new, and a round trip per key is what made catching up slow (FerretDB answers a find in
 * 5 to 15 ms). A snapshot is taken between two reads of the checkpoint that agree (no batch in between),
 * and it is only good for a batch that starts at its position: a batch computed from a stale one (another
 * instance moved the checkpoint) is refused by the checkpoint claim, and then the snapshot is dropped.
 */
export class RowSnapshots {
  private readonly tables = new Map<string, Snapshot>();
  /** Tables found too large, not read whole again. */
  private readonly tooLarge = new Set<string>();

  rowsOf(table: string): Map<string, object> | undefined {
    return this.tables.get(table)?.rows;
  }

  /** The rows of `table` if the snapshot stands at `position`. */
  rowsAt(table: string, position: number): Map<string, object> | undefined {
    const snapshot = this.tables.get(table);
    return snapshot?.position === position ? snapshot.rows : undefined;
  }

  /** Takes a snapshot with `read`, which returns undefined when the checkpoint moved meanwhile or the table is too large. */
  async take(table: string, read: () => Promise<{ position: number; rows: Map<string, object> } | 'too large' | undefined>): Promise<void> {
    if (this.tooLarge.has(table) || this.tables.has(table)) return;
    const taken = await read();
    if (taken === 'too large') this.tooLarge.add(table);
    else if (taken) this.tables.set(table, taken);
  }

  /** After a commit of `from` → `to` on `table`: kept up to date if it succeeded from the snapshot's position, else dropped. */
  committed(table: string, from: number, to: number, changes: readonly RowChange[], ok: boolean): void {
    const snapshot = this.tables.get(table);
    if (!snapshot) return;
    if (!ok || snapshot.position !== from) {
      this.tables.delete(table);
      return;
    }
    for (const ch of changes) {
      if (ch.row === null) snapshot.rows.delete(ch.key);
      else snapshot.rows.set(ch.key, ch.row);
    }
    if (snapshot.rows.size > SNAPSHOT_ROWS) {
      this.tables.delete(table);
      this.tooLarge.add(table);
    } else snapshot.position = to;
  }

  /** An empty collection about to be filled by this store alone (a new build). */
  start(table: string): void {
    this.tooLarge.delete(table);
    this.tables.set(table, { position: 0, rows: new Map() });
  }

  forget(name: string): void {
    for (const table of this.tables.keys())
      if (table.startsWith(`${name}@`) || table.startsWith(`${name}__build_`)) this.tables.delete(table);
  }
}
