import { randomUUID } from 'node:crypto';
import { BSON, type Collection, type Db } from 'mongodb';
import type { RowDocument } from './bson-rows';
import type { ProjectionBuild, ProjectionState } from '../projection-store.port';

/** A batch whose rows are in the journal and whose checkpoint move is decided: it will be finished. */
export interface PendingBatch {
  readonly token: string;
  readonly to: number;
  /** The collection the rows go to. */
  readonly collection: string;
  /** The rows themselves when they fit in the checkpoint document (else they are in `projection_journal`). */
  readonly rows: { readonly key: string; readonly doc: RowDocument | null }[] | null;
}

/** A swap decided and not yet finished: the build collection becomes `<name>`. */
export interface PendingSwap {
  readonly build: string;
  readonly version: number;
  readonly position: number;
  /** The served table id it becomes (`<name>@<generation>`). */
  readonly table: string;
}

/** `projection_state`: one per projection. `table` is `<name>@<generation>`, served from collection `<name>`. */
export interface StateDoc {
  _id: string;
  version: number;
  table: string;
  generation: number;
  position: number;
  status: 'running' | 'failed';
  failedPosition: number | null;
  error: string | null;
  pending: PendingBatch | null;
  swapping: PendingSwap | null;
}

/** `projection_builds`: a blue/green build in progress; `table` is its collection, `<name>__build_<generation>`. */
export interface BuildDoc {
  _id: string;
  version: number;
  table: string;
  position: number;
  pending: PendingBatch | null;
}

export const toState = (d: StateDoc): ProjectionState => ({
  name: d._id,
  version: d.version,
  table: d.table,
  position: d.position,
  status: d.status,
  failedPosition: d.failedPosition,
  error: d.error,
});

export const toBuild = (d: BuildDoc): ProjectionBuild => ({ name: d._id, version: d.version, table: d.table, position: d.position });

interface JournalDoc {
  _id: string;
  token: string;
  key: string;
  doc: RowDocument | null;
}

/** Documents per insert or delete command: FerretDB 1.24 stalled on some commands of 100 statements and more. */
const CHUNK = 500;
const DUPLICATE_KEY = 11000;
/** A batch this large in BSON goes to the journal collection rather than into its claim (documents stop at 16 MiB). */
const INLINE_BYTES = 4 << 20;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Exactly-once batches without multi-document transactions (a MongoDB without a replica set has none,
 * nor has FerretDB). One conditional update of the checkpoint document claims the move from `from` (the
 * commit point: only one writer can claim it) and records the batch's rows with it (a large batch's rows
 * go first to `projection_journal`); then the rows are written, each carrying the batch's position, and
 * the checkpoint moves. A writer that dies after its claim leaves the batch pending: whoever next finds
 * it (the restarted runner, another instance) finishes it from what the claim recorded. Rewriting rows is
 * guarded by their position, so finishing twice, or after a crash half-way, changes nothing already written.
 */
export class MongoCheckpoints {
  readonly states: Collection<StateDoc>;
  readonly builds: Collection<BuildDoc>;
  private readonly journal: Collection<JournalDoc>;

  constructor(private readonly db: Db) {
    this.states = db.collection<StateDoc>('projection_state');
    this.builds = db.collection<BuildDoc>('projection_builds');
    this.journal = db.collection<JournalDoc>('projection_journal');
  }

  /**
   * Claims `from` → `to` on the live or build checkpoint of `name` for `table`, and writes the rows.
   * `existed` tells, when the caller knows, whether a key had a row at `from` (a new row needs no delete).
   */
  async commit(
    kind: 'live' | 'build',
    name: string,
    table: string,
    from: number,
    to: number,
    docs: [string, RowDocument | null][],
    collection: string,
    existed?: (key: string) => boolean,
  ): Promise<boolean> {
    const token = randomUUID();
    const rows = docs.map(([key, doc]) => ({ key, doc }));
    const inline = BSON.calculateObjectSize({ rows }) < INLINE_BYTES;
    if (!inline)
      for (const part of chunks(rows.map(({ key, doc }, i): JournalDoc => ({ _id: `${token}:${i}`, token, key, doc }))))
        await this.journal.insertMany(part, { ordered: false });
    const pending: PendingBatch = { token, to, collection, rows: inline ? rows : null };
    // `swapping: null` also matches a build document, which has no such field.
    const claim = { _id: name, table, position: from, pending: null, swapping: null };
    const claimed =
      kind === 'live'
        ? await this.states.updateOne(claim, { $set: { pending } })
        : await this.builds.updateOne(claim, { $set: { pending } });
    if (claimed.modifiedCount !== 1) {
      if (!inline) await this.journal.deleteMany({ token });
      // The checkpoint may be held by a batch whose writer died: finish it, so the caller's retry moves on.
      await this.recover(name);
      return false;
    }
    await this.finish(kind, name, pending, existed);
    return true;
  }

  /** Finishes what a dead writer left of `name`: a claimed batch, on the served table or the build, and a swap. */
  async recover(name: string, finishSwap?: (name: string, swap: PendingSwap) => Promise<void>): Promise<void> {
    // Int64 stays Int64 on its way through the claim or the journal (promoted, it would be written back as a double).
    const state = await this.states.findOne({ _id: name }, { promoteLongs: false });
    if (state?.pending) await this.finish('live', name, state.pending);
    const build = await this.builds.findOne({ _id: name }, { promoteLongs: false });
    if (build?.pending) await this.finish('build', name, build.pending);
    if (state?.swapping && finishSwap) await finishSwap(name, state.swapping);
  }

  private async finish(kind: 'live' | 'build', name: string, pending: PendingBatch, existed?: (key: string) => boolean): Promise<void> {
    const rows = (pending.rows ?? (await this.journal.find({ token: pending.token }, { promoteLongs: false }).toArray())).map(
      (j) => [j.key, j.doc] as const,
    );
    const target = this.db.collection<RowDocument>(pending.collection);
    // Rows another finisher already wrote for this batch carry its position: neither deleted nor inserted again.
    // A delete reads the whole collection on FerretDB: only for keys that may have a row.
    const replaced = rows.filter(([key]) => existed?.(key) ?? true).map(([key]) => key);
    for (const part of chunks(replaced)) await target.deleteMany({ _id: { $in: part }, position: { $lt: pending.to } });
    for (const part of chunks(rows.flatMap(([, doc]) => (doc ? [doc] : [])))) {
      try {
        await target.insertMany(part, { ordered: false });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
        const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
        if (list.length === 0 || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      }
    }
    const moved = { _id: name, 'pending.token': pending.token };
    if (kind === 'live')
      await this.states.updateOne(moved, {
        $set: { position: pending.to, pending: null, status: 'running', failedPosition: null, error: null },
      });
    else await this.builds.updateOne(moved, { $set: { position: pending.to, pending: null } });
    if (!pending.rows) await this.journal.deleteMany({ token: pending.token });
  }
}
