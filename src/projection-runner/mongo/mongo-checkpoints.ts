import { type ClientSession, type Collection, type Db, type MongoClient } from 'mongodb';
import type { RowDocument } from './bson-rows';
import { BatchJournal, type JournalRow, type RecordedRows } from './batch-journal';
import { writeRows } from './guarded-rows';
import { serverFeatures } from './server-features';
import type { ProjectionBuild, ProjectionState } from '../projection-store.port';

/** A batch whose rows are recorded (./batch-journal.ts) and whose checkpoint move is decided: it will be finished. */
export interface PendingBatch extends RecordedRows {
  readonly to: number;
  /** The collection the rows go to. */
  readonly collection: string;
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

/** `run` once, its promise shared; run again when called after it failed. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let done: Promise<T> | undefined;
  return () => {
    if (!done) {
      const p = run();
      p.catch(() => {
        if (done === p) done = undefined;
      });
      done = p;
    }
    return done;
  };
}

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
  private readonly journal: BatchJournal;
  /** What the server offers (./server-features.ts), asked once; asked again after a failure to ask. */
  readonly features = once(() => serverFeatures(this.client, this.db));
  /** Deletes the journal documents that writers killed at the wrong moment left (BatchJournal.sweep), once; how many. */
  readonly sweep = once(async () => {
    // One document per read model in each: read whole, filtered here.
    const only = { projection: { 'pending.token': 1 } };
    const docs = [...(await this.states.find({}, only).toArray()), ...(await this.builds.find({}, only).toArray())];
    return this.journal.sweep(new Set(docs.flatMap((d) => (d.pending ? [d.pending.token] : []))));
  });

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.states = db.collection<StateDoc>('projection_state');
    this.builds = db.collection<BuildDoc>('projection_builds');
    this.journal = new BatchJournal(db);
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
    const rows = docs.map(([key, doc]): JournalRow => ({ key, doc }));
    const pending: PendingBatch = { ...(await this.journal.record(rows)), to, collection };
    const claimed =
      kind === 'live'
        ? await this.states.updateOne(claim, { $set: { pending } })
        : await this.builds.updateOne(claim, { $set: { pending } });
    if (claimed.modifiedCount !== 1) {
      await this.journal.forget(pending);
      return false;
    }
    await this.finish(kind, claim._id, pending, rows, existed);
    return true;
  }

  /** Finishes what a dead writer left of `name`: a claimed batch, on the served table or the build, and a swap. */
  async recover(name: string, finishSwap?: (name: string, swap: PendingSwap) => Promise<void>): Promise<void> {
    // Int64 stays Int64 on its way through the claim or the journal (promoted, it would be written back as a double).
    const state = await this.states.findOne({ _id: name }, { promoteLongs: false });
    if (state?.pending) await this.finishRecorded('live', name, state.pending);
    const build = await this.builds.findOne({ _id: name }, { promoteLongs: false });
    if (build?.pending) await this.finishRecorded('build', name, build.pending);
    if (state?.swapping && finishSwap) await finishSwap(name, state.swapping);
  }

  /** Finishes a pending batch from the rows its claim recorded, unless another writer has finished it meanwhile. */
  private async finishRecorded(kind: 'live' | 'build', name: string, pending: PendingBatch): Promise<void> {
    const rows = await this.journal.read(pending);
    if (rows) return this.finish(kind, name, pending, rows);
    // Its journal goes once the batch is finished: only then may a part be missing.
    if (await this.stillPending(kind, name, pending.token))
      throw new Error(`the journal of pending batch ${pending.to} of ${name} is missing a part: rebuild the read model`);
  }

  /** Read by `_id` alone, which FerretDB answers from its index. */
  private async stillPending(kind: 'live' | 'build', name: string, token: string): Promise<boolean> {
    const d = await (kind === 'live' ? this.states : this.builds).findOne({ _id: name }, { projection: { 'pending.token': 1 } });
    return d?.pending?.token === token;
  }

  private async finish(
    kind: 'live' | 'build',
    name: string,
    pending: PendingBatch,
    recorded: readonly JournalRow[],
    existed?: (key: string) => boolean,
  ): Promise<void> {
    const rows = recorded.map((j) => [j.key, j.doc] as const);
    // Asked before each command: stops once another writer (the loser of a claim, recovering it) has finished
    // the batch and moved on. A read of a small document by `_id`: a catch-up of 20,000 entries on FerretDB
    // took 24.0 s asking it before every command, 22.8 s asking at most once a second.
    const fence = () => this.stillPending(kind, name, pending.token);
    await writeRows(this.db.collection<RowDocument>(pending.collection), rows, pending.to, { existed, fence, inPlace: kind === 'live' });
    await this.move(kind, { _id: name, 'pending.token': pending.token }, pending.to);
    await this.journal.forget(pending);
  }
}
