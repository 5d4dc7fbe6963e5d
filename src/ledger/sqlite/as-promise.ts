/**
 * better-sqlite3 is synchronous; the store ports are asynchronous. Runs `fn` now and hands back
 * its value, or its throw, as a promise: what an `async` wrapper did, without an `async` that
 * never awaits (a database closed under a caller still rejects instead of throwing).
 */
export const asPromise = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));
