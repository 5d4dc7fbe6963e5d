import { checkIdentifier, Columns, RowQuery } from './projection-store.port';

/**
 * The SQL both adapters share for read-model tables: only placeholders differ (`?` for SQLite,
 * `$n` for PostgreSQL). Identifiers are checked; values are always bound.
 */
export type Placeholder = (index: number) => string;

export const columnName = (column: string): string => `c_${checkIdentifier(column)}`;

/** The table, and its column indexes unless `indexes: false` (a build adds them once filled: see createIndexSql). */
export function createTableSql(table: string, columns: Columns, integerType: string, indexes = true): string[] {
  const cols = Object.entries(columns).map(([c, d]) => `${columnName(c)} ${d.type === 'integer' ? integerType : 'TEXT'}`);
  return [
    `CREATE TABLE IF NOT EXISTS ${checkIdentifier(table)} (key TEXT PRIMARY KEY, doc TEXT NOT NULL${cols.map((c) => `, ${c}`).join('')})`,
    ...(indexes ? createIndexSql(table, columns) : []),
  ];
}

/** The indexes the routes' queries use. Filling a table first and indexing it after is several times faster. */
export function createIndexSql(table: string, columns: Columns): string[] {
  return Object.keys(columns).map(
    (c) => `CREATE INDEX IF NOT EXISTS ${checkIdentifier(table)}_${checkIdentifier(c)} ON ${table} (${columnName(c)})`,
  );
}

/** Values of a row's columns, in the declared order. */
export function columnValues(row: object, columns: Columns): (string | number | null)[] {
  return Object.values(columns).map((d) => (d.of as (r: object) => string | number | null)(row));
}

/** Upsert of `rows` rows at once; parameters row by row: key, doc, then the columns. */
export function upsertSql(table: string, columns: Columns, ph: Placeholder, rows = 1): string {
  const names = ['key', 'doc', ...Object.keys(columns).map(columnName)];
  const values = Array.from({ length: rows }, (_, r) => `(${names.map((_, i) => ph(r * names.length + i + 1)).join(', ')})`);
  return `INSERT INTO ${checkIdentifier(table)} (${names.join(', ')}) VALUES ${values.join(', ')}
    ON CONFLICT (key) DO UPDATE SET ${names
      .slice(1)
      .map((n) => `${n} = excluded.${n}`)
      .join(', ')}`;
}

/** A LIKE pattern that matches the text literally: `%`, `_` and the escape character itself escaped. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function selectSql(table: string, query: RowQuery, ph: Placeholder, count = false): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const bind = (v: unknown): string => {
    params.push(v);
    return ph(params.length);
  };
  const conditions: string[] = [];
  if (query.keyPrefix !== undefined) conditions.push(`key >= ${bind(query.keyPrefix)} AND key < ${bind(`${query.keyPrefix}\uffff`)}`);
  if (query.afterKey !== undefined) conditions.push(`key > ${bind(query.afterKey)}`);
  for (const [column, value] of Object.entries(query.where ?? {})) {
    const c = columnName(column);
    if (value === null) conditions.push(`${c} IS NULL`);
    else if (typeof value !== 'object') conditions.push(`${c} = ${bind(value)}`);
    else if ('contains' in value) conditions.push(`${c} LIKE ${bind(`%${escapeLike(value.contains)}%`)} ESCAPE '\\'`);
    else if ('startsWith' in value) conditions.push(`${c} LIKE ${bind(`${escapeLike(value.startsWith)}%`)} ESCAPE '\\'`);
    else {
      if (value.from !== undefined) conditions.push(`${c} >= ${bind(value.from)}`);
      if (value.to !== undefined) conditions.push(`${c} <= ${bind(value.to)}`);
    }
  }
  const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  if (count) return { sql: `SELECT count(*) AS n FROM ${checkIdentifier(table)}${where}`, params };
  const order = query.orderBy ? `${columnName(query.orderBy.column)}${query.orderBy.desc ? ' DESC' : ''}, key` : 'key';
  const limit = query.limit !== undefined ? ` LIMIT ${bind(query.limit)}` : '';
  const offset = query.offset !== undefined ? ` OFFSET ${bind(query.offset)}` : '';
  return { sql: `SELECT doc FROM ${checkIdentifier(table)}${where} ORDER BY ${order}${limit}${offset}`, params };
}
