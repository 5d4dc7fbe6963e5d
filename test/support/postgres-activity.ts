import { jest } from '@jest/globals';
import type { PoolClient } from 'pg';
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

/**
 * Each query the store's next writer connection sends waits for `before`, called with the query and the connection's
 * backend pid.
 */
export function interceptWriter(store: PostgresEventStore, before: (query: unknown, pid: number) => Promise<void> | void): void {
  const connect = store.pool.connect.bind(store.pool) as () => Promise<PoolClient>;
  const intercepted = async (): Promise<PoolClient> => {
    const client = await connect();
    const pid = (client as unknown as { processID: number }).processID;
    const patched = client as unknown as { query: (...args: unknown[]) => Promise<unknown> };
    const query = patched.query.bind(client);
    patched.query = async (...args: unknown[]): Promise<unknown> => {
      await before(args[0], pid);
      return query(...args);
    };
    return client;
  };
  jest.spyOn(store.pool, 'connect').mockImplementationOnce(intercepted as never);
}
