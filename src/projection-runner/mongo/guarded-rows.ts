import { MongoBulkWriteError, type ClientSession, type Collection } from 'mongodb';
import type { RowDocument } from './bson-rows';

/** Documents per insert, keys per delete or read (one statement each: FerretDB 1.24 takes an insert of 500). */
const CHUNK = 500;
/**
 * Replacements per bulk write: FerretDB 1.24 hangs the connection on an update command of 100 statements
 * (99 pass), and runs each as a statement of its own (about 7 ms each on its SQLite backend).
 */
const REPLACE_CHUNK = 50;
const DUPLICATE_KEY = 11000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Whether an insert failed only because some keys already had a row (no other write error, no write concern error). */
function onlyDuplicates(error: unknown): boolean {
  if (!(error instanceof MongoBulkWriteError) || error.result.getWriteConcernError()) return false;
  const list: readonly { code?: number }[] = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return list.length > 0 && list.every((e) => e.code === DUPLICATE_KEY);
}

/** The stored position of each of `keys` that has a row. */
async function storedPositions(
  target: Collection<RowDocument>,
  keys: readonly string[],
  session?: ClientSession,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks(keys))
    for (const d of await target.find({ _id: { $in: part } }, { projection: { position: 1 }, session }).toArray())
      out.set(d._id, Number(d.position));
  return out;
}

/** Asked before each command of a batch written outside a transaction: false once another writer has finished the batch. */
export type Fence = () => Promise<boolean>;

interface Writes {
  readonly target: Collection<RowDocument>;
  readonly rows: ReadonlyMap<string, RowDocument | null>;
  readonly to: number;
  readonly session?: ClientSession;
  readonly fence?: Fence;
  /** Rows that stay are replaced in place (a served collection) rather than deleted and inserted again (a build). */
  readonly inPlace: boolean;
}

/**
 * Writes `keys` of the batch, `had` telling which had a row. Returns the keys whose write did not land as
 * `had` expected (a replace that matched nothing, an insert refused for its key), or 'fenced'.
 */
async function apply(w: Writes, keys: readonly string[], had: (key: string) => boolean): Promise<string[] | 'fenced'> {
  const removed: string[] = [];
  const replaced: RowDocument[] = [];
  const created: RowDocument[] = [];
  for (const key of keys) {
    const doc = w.rows.get(key)!;
    // A removal is sent whatever `had` says: a row it did not expect would otherwise stay.
    if (doc === null) removed.push(key);
    else if (!had(key)) created.push(doc);
    // No one reads a build before its swap: its rows are deleted and inserted again, two commands for
    // the whole batch, where FerretDB runs each replace as a statement of its own.
    else if (w.inPlace) replaced.push(doc);
    else {
      removed.push(key);
      created.push(doc);
    }
  }
  const unsure: string[] = [];
  const { target, to, session, fence } = w;
  for (const part of chunks(removed)) {
    if (fence && !(await fence())) return 'fenced';
    await target.deleteMany({ _id: { $in: part }, position: { $lt: to } }, { session });
  }
  for (const part of chunks(replaced, REPLACE_CHUNK)) {
    if (fence && !(await fence())) return 'fenced';
    const done = await target.bulkWrite(
      part.map((doc) => ({ replaceOne: { filter: { _id: doc._id, position: { $lt: to } }, replacement: doc } })),
      { ordered: false, session },
    );
    // Absent, or already at `to` or later: which of them, only a read can tell.
    if (done.matchedCount !== part.length) unsure.push(...part.map((d) => d._id));
  }
  for (const part of chunks(created)) {
    if (fence && !(await fence())) return 'fenced';
    try {
      await target.insertMany(part, { ordered: false, session });
    } catch (error) {
      // In a transaction the server has aborted it: the error must reach the driver.
      if (session || !onlyDuplicates(error)) throw error;
      unsure.push(...part.map((d) => d._id));
    }
  }
  return unsure;
}

/**
 * Writes one batch's rows into `target`, each carrying the batch's ledger position `to`, so that writing
 * them again (a finisher after a crash, a second instance) changes nothing already written: a row is
 * replaced in place (never deleted and inserted again, so a reader never finds a kept row missing), created
 * by an insert, removed by a delete, each guarded by `position < to`. `existed` tells whether a key had a
 * row before the batch, when the caller knows it (its snapshot); otherwise, and in a transaction, the
 * stored positions are read first, which also leaves out rows already written. A write that does not land
 * as expected (the snapshot was wrong, another writer came between) is checked against what is stored
 * and made again. Outside a transaction, `fence` stops the writing once another writer has finished the
 * batch, so that a slow finisher does not write this batch's rows over the next one's.
 */
export async function writeRows(
  target: Collection<RowDocument>,
  changes: readonly (readonly [string, RowDocument | null])[],
  to: number,
  options: { existed?: (key: string) => boolean; session?: ClientSession; fence?: Fence; inPlace?: boolean } = {},
): Promise<void> {
  // One change per key, the last: a batch's rows are its final state.
  const w: Writes = {
    target,
    rows: new Map(changes),
    to,
    session: options.session,
    fence: options.fence,
    inPlace: options.inPlace ?? true,
  };
  const existed = options.session ? undefined : options.existed;
  let keys = [...w.rows.keys()];
  let had = existed;
  for (let round = 0; round < 3; round++) {
    if (!had) {
      const stored = await storedPositions(target, keys, options.session);
      keys = keys.filter((key) => (stored.get(key) ?? -1) < to);
      had = (key: string) => stored.has(key);
    }
    const unsure = await apply(w, keys, had);
    if (unsure === 'fenced' || unsure.length === 0) return;
    keys = unsure;
    had = undefined;
  }
  throw new Error(`rows ${keys.slice(0, 3).join(', ')} of ${target.collectionName} kept changing while batch ${to} was written`);
}
