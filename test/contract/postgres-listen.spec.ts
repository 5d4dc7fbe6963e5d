import { expect } from '@jest/globals';
import { LedgerEntry } from '../../src/ledger/event-store.port';
import { PostgresEventStore } from '../../src/ledger/postgres/postgres-event-store';
import { newEvent } from '../support/events';
import { createTestDatabase, describePostgres } from '../support/postgres-server';
import { idleRunning, interceptWriter, waitFor } from '../support/postgres-activity';
import { withClient } from '../support/postgres-client';

/**
 * The subscription's next entry, or a failure after `ms`: with a poll of a minute, only a NOTIFY can deliver another
 * process's entry in time (this process's own commits wake it directly).
 */
async function nextWithin(it: AsyncIterator<LedgerEntry>, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no entry within ${ms} ms`)), ms)));
  try {
    const next = await Promise.race([it.next(), late]);
    if (next.done) throw new Error('subscription ended');
    return next.value.position;
  } finally {
    clearTimeout(timer);
  }
}

/** How many entries the database holds, asked on a connection of its own. */
async function storedEntries(url: string): Promise<number> {
  return withClient(url, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_entries')).rows[0].n);
}

describePostgres("PostgreSQL: other processes' appends wake subscriptions (issue 18: LISTEN moves to the writer's connection)", () => {
  it('wakes them before the process writes, while its writer connection listens, and after that connection is lost', async () => {
    const url = await createTestDatabase('listen');
    const store = await PostgresEventStore.open(url, { pollMs: 60_000 });
    const other = await PostgresEventStore.open(url, { pollMs: 60_000 });
    const sub = store.subscribe(0);
    const entries = sub[Symbol.asyncIterator]();
    try {
      // Before this process writes: its own listening connection.
      await other.append('o', [newEvent('A')], { expectedVersion: 'any' });
      expect(await nextWithin(entries, 5_000)).toBe(1);
      // Its first append takes the writer connection, which listens from then on; the separate one ends (so does the
      // other store's, which has written too: no idle connection's last query is a LISTEN).
      await store.append('s', [newEvent('A')], { expectedVersion: 'any' });
      expect(await nextWithin(entries, 5_000)).toBe(2);
      await store.append('s', [newEvent('A')], { expectedVersion: 'any' }); // in one round trip: its last query is the INSERT
      expect(await nextWithin(entries, 5_000)).toBe(3);
      await waitFor(async () => (await idleRunning(store, 'LISTEN%')).length === 0);
      await other.append('o', [newEvent('A')], { expectedVersion: 'any' });
      expect(await nextWithin(entries, 5_000)).toBe(4);

      // The writer's backend is terminated while idle (a server restart, an administrator): the process carries on
      // (an unheard 'error' on the connection would have ended it), and a listening connection of its own comes back.
      const writers = await idleRunning(store, 'INSERT INTO ledger_entries%');
      expect(writers).toHaveLength(1);
      await store.query('SELECT pg_terminate_backend($1)', [writers[0].pid]);
      await waitFor(async () => (await idleRunning(store, 'LISTEN%')).length === 1);
      await other.append('o', [newEvent('A')], { expectedVersion: 'any' });
      expect(await nextWithin(entries, 5_000)).toBe(5);
      // The next append takes a fresh writer connection, which listens again, and the separate one ends.
      await store.append('s', [newEvent('A')], { expectedVersion: 'any' });
      expect(await nextWithin(entries, 5_000)).toBe(6);
      await waitFor(async () => (await idleRunning(store, 'LISTEN%')).length === 0);
      await other.append('o', [newEvent('A')], { expectedVersion: 'any' });
      expect(await nextWithin(entries, 5_000)).toBe(7);
    } finally {
      sub.close();
      await other.close();
      await store.close();
    }
  });

  /** The store's next writer connection, held at its LISTEN (its first query) until `run` is done. */
  const holdListen = (store: PostgresEventStore, run: (pid: number) => Promise<void>): void =>
    interceptWriter(store, (query, pid) => (String(query).startsWith('LISTEN') ? run(pid) : undefined));

  it('survives its writer connection being lost during its LISTEN: that append fails, writing nothing, and the next one works', async () => {
    const url = await createTestDatabase('listenlost');
    const store = await PostgresEventStore.open(url, { pollMs: 60_000 });
    try {
      // The backend goes while the connection runs nothing: node-postgres reports that as an 'error' event, which
      // unheard would end this process (and jest with it).
      holdListen(store, async (pid) => {
        await withClient(url, (c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
        await new Promise((r) => setTimeout(r, 200));
      });
      await expect(store.append('s', [newEvent('A')], { expectedVersion: 0 })).rejects.toThrow(/connection|terminat/);
      expect(await storedEntries(url)).toBe(0);
      await expect(store.append('s', [newEvent('A')], { expectedVersion: 0 })).resolves.toMatchObject({ position: 1 });
    } finally {
      await store.close();
    }
  });

  it('writes nothing once closed, even when close() comes while the writer connection is being set up, and close() returns', async () => {
    const url = await createTestDatabase('listenclose');
    const store = await PostgresEventStore.open(url, { pollMs: 60_000 });
    let closing: Promise<void> | undefined;
    holdListen(store, async () => {
      closing = store.close();
      await new Promise((r) => setTimeout(r, 50));
    });
    await expect(store.append('s', [newEvent('A')], { expectedVersion: 0 })).rejects.toThrow(/closed/);
    await closing;
    expect(await storedEntries(url)).toBe(0);
  });

  it('lets a commit in flight finish when it closes, and refuses appends made after', async () => {
    const url = await createTestDatabase('closeinflight');
    const store = await PostgresEventStore.open(url, { pollMs: 60_000 });
    let closing: Promise<void> | undefined;
    // The one-round-trip INSERT is on its way: close now.
    interceptWriter(store, (query) => {
      if (typeof query === 'object' && (query as { name?: string }).name === 'ledger-insert-entry') closing ??= store.close();
    });
    await store.append('s', [newEvent('A')], { expectedVersion: 0 }); // takes the writer connection (and reads)
    await expect(store.append('s', [newEvent('A')], { expectedVersion: 1 })).resolves.toMatchObject({ position: 2 });
    await closing;
    await expect(store.append('s', [newEvent('A')], { expectedVersion: 2 })).rejects.toThrow(/closed/);
    expect(await storedEntries(url)).toBe(2);
  });
});
