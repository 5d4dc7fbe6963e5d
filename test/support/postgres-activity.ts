import type { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';

/** Backends of the store's database that last ran `pattern` and are idle (pg_stat_activity). */
export const idleRunning = (store: PostgresEventStore, pattern: string): Promise<{ pid: number }[]> =>
  store.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query LIKE $1", [
    pattern,
  ]);

/** Polls `ok` until it holds, for at most 5 s. */
export async function waitFor(ok: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 5_000; !(await ok());) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
