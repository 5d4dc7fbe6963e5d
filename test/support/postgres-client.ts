import { Client } from 'pg';

/**
 * `fn` on a connection of its own to `url`, closed whatever `fn` does: how tests, their helpers and the bench run SQL
 * beside the store (create a database, checkpoint, tamper, count), one copy of the connect/try/finally for all of them.
 */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
