import { randomUUID } from 'node:crypto';
import { Binary, BSON, type Collection, type Db } from 'mongodb';
import type { RowDocument } from './bson-rows';

/** One row of a batch: its document, or null for a removal. */
export interface JournalRow {
  readonly key: string;
  readonly doc: RowDocument | null;
}

/** Where a claim recorded its batch's rows: in the claim itself (`rows`), or in `parts` journal documents. */
export interface RecordedRows {
  /** Unique to the batch; begins with the time it was made, in base 36 (see `sweep`). */
  readonly token: string;
  /** The rows themselves when a few kilobytes hold them (else they are in `projection_journal`). */
  readonly rows: readonly JournalRow[] | null;
  /**
   * How many journal documents hold the rows (`<token>:0` …), 0 when they are in `rows`. Absent from a claim
   * made before the journal was binary: its rows, if not in `rows`, are documents `{ token, key, doc }`, one a row.
   */
  readonly parts?: number;
}

/**
 * Part of a batch's rows, in order: the batch's rows are its parts `<token>:0`, `<token>:1`, … in turn.
 * The rows are one BSON document `{ rows }` held as binary: FerretDB stores a binary value as it is, where
 * it converts every field of every row of a document on each insert, read and delete (with the rows as
 * documents, the journal's deletes averaged 620 ms a batch during a catch-up; as binary, 98 ms).
 */
interface JournalDoc {
  _id: string;
  rows: Binary;
}

/** A row of a batch claimed before the journal was binary (`_id` `<token>:<index of the row>`). */
interface LegacyJournalDoc extends JournalRow {
  _id: string;
  token: string;
}

/**
 * Rows larger than this in BSON go to the journal rather than into the claim. The checkpoint document is read
 * by every claim, move, fence and status read, and FerretDB reads a document whole: with a batch of 1,000 rows
 * in it, updates of `projection_state` averaged 2.3 s during a catch-up of 132 s (with a journal, 24 s in all).
 */
const INLINE_BYTES = 16 << 10;
/** Bytes of rows per journal document (documents stop at 16 MiB). */
const PART_BYTES = 4 << 20;
/** A journal document this old that no claim names is left by a writer that died before its claim or after its move. */
const ORPHAN_MS = 60 * 60 * 1000;

const pack = (rows: readonly JournalRow[]): Binary => new Binary(BSON.serialize({ rows }));
// Int64 stays Int64 on its way through the journal (promoted, it would be written back as a double).
const unpack = (rows: Binary): JournalRow[] => (BSON.deserialize(rows.value(), { promoteLongs: false }) as { rows: JournalRow[] }).rows;

/**
 * The ids of a batch's journal documents. Each is read and deleted by its `_id` alone: FerretDB 1.24 answers
 * a filter of `_id` alone from its index, and any other filter by reading the whole collection.
 */
const partIds = (recorded: RecordedRows): string[] => Array.from({ length: recorded.parts ?? 0 }, (_, i) => `${recorded.token}:${i}`);

/** A claim made before the journal was binary whose rows are in the journal (see `parts`). */
const legacy = (recorded: RecordedRows): boolean => recorded.parts === undefined && !recorded.rows;

/** The rows cut into parts of at most PART_BYTES each (a row larger than that is a part of its own). */
function parts(rows: readonly JournalRow[]): JournalRow[][] {
  const out: JournalRow[][] = [];
  let bytes = PART_BYTES;
  for (const row of rows) {
    const size = BSON.calculateObjectSize(row);
    if (bytes + size > PART_BYTES) {
      out.push([]);
      bytes = 0;
    }
    out[out.length - 1].push(row);
    bytes += size;
  }
  return out;
}

/** `projection_journal`: the rows of batches claimed outside a transaction, kept until the batch is finished. */
export class BatchJournal {
  private readonly journal: Collection<JournalDoc>;
  private readonly legacy: Collection<LegacyJournalDoc>;

  constructor(db: Db) {
    this.journal = db.collection<JournalDoc>('projection_journal');
    this.legacy = db.collection<LegacyJournalDoc>('projection_journal');
  }

  /** Records `rows` before their claim: in the journal if they are large, else for the claim to carry. */
  async record(rows: readonly JournalRow[]): Promise<RecordedRows> {
    const token = `${Date.now().toString(36)}-${randomUUID()}`;
    if (BSON.calculateObjectSize({ rows }) < INLINE_BYTES) return { token, rows, parts: 0 };
    const docs = parts(rows).map((part, i): JournalDoc => ({ _id: `${token}:${i}`, rows: pack(part) }));
    await this.journal.insertMany(docs, { ordered: false });
    return { token, rows: null, parts: docs.length };
  }

  /** The rows recorded, in order; null if a part is missing (the batch was finished and its journal deleted). */
  async read(recorded: RecordedRows): Promise<readonly JournalRow[] | null> {
    if (recorded.rows) return recorded.rows;
    if (legacy(recorded)) {
      // In the order of the rows, which a later change to the same key must follow; none left once it was finished.
      const docs = await this.legacy.find({ token: recorded.token }, { promoteLongs: false }).toArray();
      const index = (d: LegacyJournalDoc) => Number(d._id.slice(d._id.lastIndexOf(':') + 1));
      return docs.length > 0 ? docs.sort((a, b) => index(a) - index(b)).map(({ key, doc }) => ({ key, doc })) : null;
    }
    const out: JournalRow[] = [];
    for (const _id of partIds(recorded)) {
      const part = await this.journal.findOne({ _id });
      if (!part) return null;
      out.push(...unpack(part.rows));
    }
    return out;
  }

  /** Deletes what `record` wrote, once the batch is finished or its claim refused. */
  async forget(recorded: RecordedRows): Promise<void> {
    if (legacy(recorded)) await this.legacy.deleteMany({ token: recorded.token });
    await this.delete(partIds(recorded));
  }

  /**
   * Deletes journal documents older than an hour that no claim names (`claimed`): a writer killed between
   * recording its rows and its claim, or between its checkpoint move and `forget`, leaves them. Younger ones
   * may belong to a claim being made. Returns how many were deleted.
   */
  async sweep(claimed: ReadonlySet<string>, now = Date.now()): Promise<number> {
    const orphans: string[] = [];
    for (const { _id } of await this.journal.find<{ _id: unknown }>({}, { projection: { _id: 1 } }).toArray()) {
      // The journal makes string ids only: a document put there by other hands is left alone, and does not stop a start.
      if (typeof _id !== 'string') continue;
      const token = _id.slice(0, _id.lastIndexOf(':'));
      const made = parseInt(token.slice(0, token.indexOf('-')), 36);
      if (!claimed.has(token) && !(now - made < ORPHAN_MS)) orphans.push(_id);
    }
    await this.delete(orphans);
    return orphans.length;
  }

  /** One delete by `_id` alone each (see `partIds`), in one command. */
  private async delete(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.journal.bulkWrite(ids.map((_id) => ({ deleteOne: { filter: { _id } } })));
  }
}
