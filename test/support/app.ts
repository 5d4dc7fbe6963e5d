import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import pino from 'pino';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import type { EventStore } from '../../src/ledger/event-store.port';
import { EVENT_STORE } from '../../src/shared/di-tokens';
import type { Clock } from '../../src/shared/clock';
import { testReadModelUrl } from './ferretdb';
import { createTestDatabase } from './postgres-server';

export const KEYS = {
  admin: 'test-admin-key-0123456789',
  purchaserJilin: 'test-purchaser-220000-key',
  purchaserChangchun: 'test-purchaser-220100-key',
  purchaserInnerMongolia: 'test-purchaser-150000-key',
  auditor: 'test-auditor-key-0123456789',
  creditPlatform: 'test-credit-platform-key-01',
} as const;

export const API_KEYS_JSON = JSON.stringify([
  { key: KEYS.admin, role: 'admin' },
  { key: KEYS.purchaserJilin, role: 'purchaser', regions: ['220000'] },
  { key: KEYS.purchaserChangchun, role: 'purchaser', regions: ['220100'] },
  { key: KEYS.purchaserInnerMongolia, role: 'purchaser', regions: ['150000'] },
  { key: KEYS.auditor, role: 'auditor' },
  { key: KEYS.creditPlatform, role: 'credit-platform' },
]);

export interface TestApp {
  readonly app: INestApplication<Server>;
  readonly http: ReturnType<typeof request>;
  readonly store: EventStore;
  /** The store's DATABASE_URL, for tests that reach behind the service. */
  readonly databaseUrl: string;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The real application on a fresh store of the given kind, as main.ts builds it. */
/** 'mongodb': a SQLite ledger with its read models in MongoDB (READ_MODEL_URL on the FerretDB test server, test/support/ferretdb.ts). */
export async function startTestApp(kind: 'sqlite' | 'postgres' | 'mongodb', env: NodeJS.ProcessEnv = {}, clock?: Clock): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const databaseUrl = kind === 'postgres' ? await createTestDatabase('e2e') : `sqlite://${join(dir, 'ledger.db')}`;
  const readModels = kind === 'mongodb' ? { READ_MODEL_URL: await testReadModelUrl('e2e') } : {};
  const config = loadConfig({ DATABASE_URL: databaseUrl, LEDGER_API_KEYS: API_KEYS_JSON, LEDGER_DATA_DIR: dir, ...readModels, ...env });
  const app = await createApp(config, pino({ level: 'silent' }), clock);
  await app.init();
  // Fastify answers only once its plugins are loaded.
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    store: app.get<EventStore>(EVENT_STORE),
    databaseUrl,
    dataDir: dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const bearer = (key: string): Record<string, string> => ({ Authorization: `Bearer ${key}` });
