import { resolve } from 'node:path';

/** Where the ledger is, from DATABASE_URL: read by the configuration without loading a database driver. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export const DEFAULT_SQLITE_FILE = './data/ledger.db';

/** DATABASE_URL → adapter: unset or sqlite:///abs/path.db → embedded SQLite; postgres://… → PostgreSQL. */
export function parseDatabaseUrl(url: string | undefined): StoreLocation {
  if (url === undefined || url.trim() === '') return { kind: 'sqlite', file: resolve(DEFAULT_SQLITE_FILE) };
  if (url.startsWith('sqlite://')) {
    const file = decodeURIComponent(url.slice('sqlite://'.length));
    if (!file.startsWith('/'))
      throw new Error(`DATABASE_URL ${url}: sqlite URLs take an absolute path, e.g. sqlite:///var/lib/ledger/ledger.db`);
    return { kind: 'sqlite', file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new Error('DATABASE_URL is not a valid postgres:// URL');
    }
    return { kind: 'postgres', url };
  }
  throw new Error(`DATABASE_URL must start with sqlite:// or postgres://, got ${url.split(':')[0]}:`);
}
