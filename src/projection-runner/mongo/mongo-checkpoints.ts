import { randomUUID } from 'node:crypto';
import { BSON, type ClientSession, type Collection, type Db, type MongoClient } from 'mongodb';
import type { RowDocument } from './bson-rows';
import { chunks, writeRows } from './guarded-rows';
import { serverFeatures, type ServerFeatures } from './server-features';
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

/** How often a writer outside a transaction asks whether its batch is still its own (the fence). */
const FENCE_MS = 1000;
/** A batch this large in BSON goes to the journal collection rather than into its claim (documents stop at 16 MiB). */
const INLINE_BYTES = 4 << 20;

/**
 * Exactly-once batches. Where the server offers transactions, the checkpoint move (conditional on `from`:
 * only one writer can make it) and the batch's rows commit together in one. Where it does not (a MongoDB
 * without a replica set, FerretDB), one conditional update of the checkpoint document claims the move and
 * records the batch's rows with it (a large batch's rows go first to `projection_journal`); then the rows
 * are written and the checkpoint moves. A writer that dies after its claim leaves the batch pending:
 * whoever next finds it (the restarted runner, another instance) finishes it from what the claim recorded.
 * Either way every row carries the position of the batch that wrote it and every write is guarded by it
 * (./guarded-rows.ts), so finishing twice, or after a crash half-way, changes nothing already written.
 */
export class MongoCheckpoints {
  readonly states: Collection<StateDoc>;
  readonly builds: Collection<BuildDoc>;
  private readonly journal: Collection<JournalDoc>;
  private asked: Promise<ServerFeatures> | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.states = db.collection<StateDoc>('projection_state');
    this.builds = db.collection<BuildDoc>('projection_builds');
    this.journal = db.collection<JournalDoc>('projection_journal');
  }

  /** What the server offers (./server-features.ts), asked once; asked again after a failure to ask. */
  features(): Promise<ServerFeatures> {
    if (!this.asked) {
      const asked = serverFeatures(this.client, this.db);
      asked.catch(() => {
        if (this.asked === asked) this.asked = undefined;
      });
      this.asked = asked;
    }
    return this.asked;
  }

  /**
   * Moves the live or build checkpoint of `name` for `table` from `from` to `to`, with the rows.
   * `existed` tells, when the caller knows, whether a key had a row at `from` (else it is read).
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
    // `swapping: null` also matches a build document, which has no such field.
    const claim = { _id: name, table, position: from, pending: null, swapping: null };
    const ok =
      // No rows: the conditional move of the checkpoint alone is the whole batch, in one write.
      docs.length === 0
        ? (await this.move(kind, claim, to)) === 1
        : (await this.features()).transactions
          ? await this.commitInTransaction(kind, claim, to, docs, collection)
          : await this.commitByClaim(kind, claim, to, docs, collection, existed);
    // The checkpoint may be held by a batch whose writer died: finish it, so the caller's retry moves on.
    if (!ok) await this.recover(name);
    return ok;
  }

  private async commitInTransaction(
    kind: 'live' | 'build',
    claim: { _id: string },
    to: number,
    docs: [string, RowDocument | null][],
    collection: string,
  ): Promise<boolean> {
    const session = this.client.startSession();
    try {
      let moved = false;
      await session.withTransaction(async () => {
        // Matched, not modified: a batch that only records a failure at the stored position moves nothing.
        moved = (await this.move(kind, claim, to, session)) === 1;
        if (moved) await writeRows(this.db.collection<RowDocument>(collection), docs, to, { session, inPlace: kind === 'live' });
        else await session.abortTransaction();
      });
      return moved;
    } finally {
      await session.endSession();
    }
  }

  /** Moves the checkpoint the filter finds to `to`; the number of documents it matched. */
  private async move(kind: 'live' | 'build', filter: object, to: number, session?: ClientSession): Promise<number> {
    const moved =
      kind === 'live'
        ? await this.states.updateOne(
            filter,
            { $set: { position: to, pending: null, status: 'running', failedPosition: null, error: null } },
            { session },
          )
        : await this.builds.updateOne(filter, { $set: { position: to, pending: null } }, { session });
    return moved.matchedCount;
  }

  private async commitByClaim(
    kind: 'live' | 'build',
    claim: { _id: string },
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
    const claimed =
      kind === 'live'
        ? await this.states.updateOne(claim, { $set: { pending } })
        : await this.builds.updateOne(claim, { $set: { pending } });
    if (claimed.modifiedCount !== 1) {
      if (!inline) await this.journal.deleteMany({ token });
      return false;
    }
    await this.finish(kind, claim._id, pending, existed);
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
    const checkpoint = kind === 'live' ? this.states : this.builds;
    // Stops once another writer (the loser of a claim, recovering it) has finished the batch and moved on.
    // Asked at most once a second: the checkpoint document holds the batch's rows, and FerretDB took 80 to
    // 100 ms to read one with 1,000 of them, which asked before every command tripled a catch-up.
    let asked = Date.now();
    const fence = async () => {
      if (Date.now() - asked < FENCE_MS) return true;
      asked = Date.now();
      return (await checkpoint.findOne({ _id: name, 'pending.token': pending.token }, { projection: { _id: 1 } })) !== null;
    };
    await writeRows(this.db.collection<RowDocument>(pending.collection), rows, pending.to, { existed, fence, inPlace: kind === 'live' });
    await this.move(kind, { _id: name, 'pending.token': pending.token }, pending.to);
    if (!pending.rows) await this.journal.deleteMany({ token: pending.token });
  }
}
