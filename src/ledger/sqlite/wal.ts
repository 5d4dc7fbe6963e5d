import type Database from 'better-sqlite3';

/**
 * After an erasure: copies the WAL into the database file and cuts it to zero bytes, so no earlier page
 * image of the deleted private rows survives in the -wal file (secure_delete zeroes the file's pages, not
 * old WAL frames). Waits for readers up to busy_timeout; false when a reader in another process still held
 * the WAL, and the caller tries again after its next commit.
 */
export function truncateWal(db: Database.Database): boolean {
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result.busy === 0;
  } catch {
    // The commit before it stands whatever happens here: try again after the next one.
    return false;
  }
}
