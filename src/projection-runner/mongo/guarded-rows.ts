import type { ClientSession, Collection } from 'mongodb';
import type { RowDocument } from './bson-rows';

/** Documents per command: FerretDB 1.24 stalled on some commands of 100 statements and more. */
const CHUNK = 500;
/** Replacements per bulk write: FerretDB runs each as a statement of its own (about 7 ms each on its SQLite backend). */
const REPLACE_CHUNK = 100;
const DUPLICATE_KEY = 11000;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * An insert whose only refusals are keys already there: rows an earlier finisher of the same batch wrote.
 * In a transaction nothing is refused (the batch's checkpoint move is in it) and an error must reach the
 * driver, which would otherwise retry a transaction the server has already aborted.
 */
async function insertNew(target: Collection<RowDocument>, docs: RowDocument[], session?: ClientSession): Promise<void> {
  try {
    await target.insertMany(docs, { ordered: false, session });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (session || list.length === 0 || list.some((e) => e.code !== DUPLICATE_KEY)) throw error;
  }
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

/**
 * Writes one batch's rows into `target`, each carrying the batch's ledger position `to`, so that writing
 * them again (a finisher after a crash, a second instance) changes nothing already written. An existing
 * row is replaced in place, never deleted and inserted again, so a reader never finds it missing; every
 * replace and delete is guarded by `position < to`, and an insert refused for its key means the row is
 * already there. `existed` tells whether a key had a row before the batch, when the caller knows (its
 * snapshot); otherwise the stored positions are read first, which also leaves out rows already written.
 */
export async function writeRows(
  target: Collection<RowDocument>,
  rows: readonly (readonly [string, RowDocument | null])[],
  to: number,
  existed?: (key: string) => boolean,
  session?: ClientSession,
): Promise<void> {
  // One change per key, the last: a batch's rows are its final state.
  const last = new Map(rows);
  const stored = existed ? undefined : await storedPositions(target, [...last.keys()], session);
  const had = existed ?? ((key: string) => stored!.has(key));
  const removed: string[] = [];
  const replaced: RowDocument[] = [];
  const created: RowDocument[] = [];
  for (const [key, doc] of last) {
    if (stored && (stored.get(key) ?? -1) >= to) continue;
    if (doc === null) {
      if (had(key)) removed.push(key);
    } else (had(key) ? replaced : created).push(doc);
  }
  for (const part of chunks(removed)) await target.deleteMany({ _id: { $in: part }, position: { $lt: to } }, { session });
  for (const part of chunks(replaced, REPLACE_CHUNK))
    await target.bulkWrite(
      part.map((doc) => ({ replaceOne: { filter: { _id: doc._id, position: { $lt: to } }, replacement: doc } })),
      { ordered: false, session },
    );
  for (const part of chunks(created)) await insertNew(target, part, session);
}
