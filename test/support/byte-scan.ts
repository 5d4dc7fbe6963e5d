import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from './postgres-client';

/** How often each sentinel string occurs in some files, and how many bytes were read to find out. */
export interface ScanResult {
  readonly files: number;
  readonly bytes: number;
  readonly found: Readonly<Record<string, number>>;
}

function occurrences(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) n += 1;
  return n;
}

/** Reads every given file (missing ones count as empty) and counts each sentinel's UTF-8 bytes in it. */
export function scanFiles(files: readonly string[], sentinels: readonly string[]): ScanResult {
  const found: Record<string, number> = Object.fromEntries(sentinels.map((s) => [s, 0]));
  let bytes = 0;
  let count = 0;
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    const content = readFileSync(file);
    bytes += content.length;
    count += 1;
    for (const s of sentinels) found[s] += occurrences(content, Buffer.from(s, 'utf8'));
  }
  return { files: count, bytes, found };
}

export const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : []);

/** Where a PostgreSQL database keeps its bytes on disk: the files of ledger_private (and its TOAST), the database directory, pg_wal. */
export interface PostgresFiles {
  readonly privateTable: string[];
  readonly databaseDir: string[];
  readonly wal: string[];
}

/**
 * After a CHECKPOINT (dirty pages written to the relation files), the files of ledger_private — every fork and 1 GiB
 * segment of the table, its TOAST table and their indexes (pg_relation_filepath under data_directory) — the whole
 * database directory (base/<oid>: every table and read model), and pg_wal.
 */
export async function postgresFiles(databaseUrl: string): Promise<PostgresFiles> {
  return withClient(databaseUrl, async (c) => {
    await c.query('CHECKPOINT');
    const dataDir = (await c.query<{ d: string }>("SELECT current_setting('data_directory') AS d")).rows[0].d;
    const rels = await c.query<{ path: string }>(
      `SELECT pg_relation_filepath(r.oid) AS path FROM pg_class r
       WHERE r.oid IN (
         SELECT 'ledger_private'::regclass UNION SELECT reltoastrelid FROM pg_class WHERE oid = 'ledger_private'::regclass
         UNION SELECT indexrelid FROM pg_index WHERE indrelid IN ('ledger_private'::regclass, (SELECT reltoastrelid FROM pg_class WHERE oid = 'ledger_private'::regclass))
       ) AND pg_relation_filepath(r.oid) IS NOT NULL`,
    );
    const dbOid = (await c.query<{ oid: number }>('SELECT oid FROM pg_database WHERE datname = current_database()')).rows[0].oid;
    const dbDir = join(dataDir, 'base', String(dbOid));
    const inDb = filesIn(dbDir);
    const privateTable = rels.rows.flatMap(({ path }) => {
      const base = join(dataDir, path);
      // The relation's forks (_fsm, _vm) and segments (.1, .2, …) share its file name.
      return inDb.filter((f) => f === base || f.startsWith(`${base}_`) || f.startsWith(`${base}.`));
    });
    return { privateTable, databaseDir: inDb, wal: filesIn(join(dataDir, 'pg_wal')) };
  });
}
