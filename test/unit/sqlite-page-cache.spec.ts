import { expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/ledger/sqlite/sqlite-event-store';

/**
 * Issue 18, the soak: with 64 MiB of page cache the service's RSS grew with the database file, about 20 MiB a
 * minute at 100 commands/s, and had not levelled off after 10 minutes. The connection's cache is bounded at
 * 16 MiB (src/ledger/sqlite/page-cache.ts), where the soak's RSS is flat within its first minute.
 */
describe('SQLite page cache', () => {
  it('the store’s connection keeps at most 16 MiB of pages in the process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-cache-'));
    const store = SqliteEventStore.open(join(dir, 'ledger.db'));
    try {
      // Negative: KiB (SQLite PRAGMA cache_size); positive would be pages.
      const kib = store.db.pragma('cache_size', { simple: true }) as number;
      expect(kib).toBeLessThan(0);
      expect(-kib).toBeLessThanOrEqual(16 * 1024);
      // And not below SQLite's default of 2 MiB, which the index levels the commands read would not fit.
      expect(-kib).toBeGreaterThanOrEqual(2 * 1024);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
