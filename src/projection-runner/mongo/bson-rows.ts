import { Long, type Document, type Filter, type Sort } from 'mongodb';
import { checkIdentifier, type Columns, type RowQuery } from '../projection-store.port';

/**
 * Read-model rows as MongoDB documents: `{ _id: key, position, row, c_<column>… }`. `row` is the row
 * itself as a document (portals and reporting tools read it there), `position` the ledger position of
 * the batch that last wrote it, and the `c_` fields the projection's columns, which queries filter and
 * sort on. The key is the `_id`: no ObjectId is ever made, so none reaches an answer.
 */
export interface RowDocument {
  _id: string;
  position: number;
  row: Document;
  [column: `c_${string}`]: unknown;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Field names MongoDB-compatible servers refuse or treat as paths: FerretDB rejects any name with a dot
 * or starting with `$`. Such names (map keys taken from ids) are escaped with `%`, which is escaped too.
 */
const escapeName = (name: string): string => (name === '' ? '%' : name.replace(/[%.]|^\$/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`));
const unescapeName = (name: string): string =>
  name === '%' ? '' : name.includes('%') ? name.replace(/%(25|2e|24)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : name;

/**
 * A JSON value as BSON: integers beyond 32 bits (sums of money in fen) become Int64 rather than double,
 * and what JSON would drop (undefined fields) is left out. Reading promotes Int64 back to number.
 */
export function toBson(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isInteger(value) && (value < INT32_MIN || value > INT32_MAX) ? Long.fromNumber(value) : value;
  if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : toBson(v)));
  if (value === null || typeof value !== 'object') return value;
  const out: Document = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[escapeName(k)] = toBson(v);
  return out;
}

export function fromBson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromBson);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Long) return value.toNumber();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[unescapeName(k)] = fromBson(v);
  return out;
}

export const columnField = (column: string): `c_${string}` => `c_${checkIdentifier(column)}`;

export function rowDocument(key: string, row: object, position: number, columns: Columns): RowDocument {
  const doc: RowDocument = { _id: key, position, row: toBson(row) as Document };
  for (const [c, d] of Object.entries(columns)) doc[columnField(c)] = toBson((d.of as (r: object) => unknown)(row) ?? null);
  return doc;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The RowQuery as a filter; text matches are case-sensitive, as on PostgreSQL (the port asks for folded columns). */
export function filterOf(query: RowQuery): Filter<RowDocument> {
  const filter: Document = {};
  const id: Document = {};
  if (query.keyPrefix !== undefined) Object.assign(id, { $gte: query.keyPrefix, $lt: `${query.keyPrefix}\uffff` });
  if (query.afterKey !== undefined) id.$gt = query.afterKey;
  if (Object.keys(id).length > 0) filter._id = id;
  for (const [column, value] of Object.entries(query.where ?? {})) {
    const f = columnField(column);
    if (value === null || typeof value !== 'object') filter[f] = value;
    else if ('contains' in value) filter[f] = { $regex: escapeRegex(value.contains) };
    else if ('startsWith' in value) filter[f] = { $regex: `^${escapeRegex(value.startsWith)}` };
    else {
      const range: Document = {};
      if (value.from !== undefined) range.$gte = value.from;
      if (value.to !== undefined) range.$lte = value.to;
      filter[f] = range;
    }
  }
  return filter;
}

/** Column order (then key), as the SQL stores sort. */
export function sortOf(query: RowQuery): Sort {
  return query.orderBy ? { [columnField(query.orderBy.column)]: query.orderBy.desc ? -1 : 1, _id: 1 } : { _id: 1 };
}
