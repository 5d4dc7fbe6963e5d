import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { award, contract, contractor, fund, project, tender } from '../test/support/command-bodies';
import type { HttpLoadJob, HttpLoadResult, LoadFigures } from './http-load';
import { paced, vegetaBinary } from './vegeta';
import type { CommandWorkload } from './commands';
import type { Measurement } from './stats';

/** The keys the load uses: an admin (funds), a Jilin purchaser (every other command), the credit platform (SSE). */
export const BENCH_KEYS = {
  admin: 'bench-admin-key-0123456789',
  purchaser: 'bench-purchaser-220000-key',
  creditPlatform: 'bench-credit-key-0123456',
};

export interface Service {
  readonly app: INestApplication<Server>;
  readonly url: string;
  close(): Promise<void>;
}

/** The real application on that database, listening on a free port: the same createApp + listen as main.ts. */
export async function startService(databaseUrl: string): Promise<Service> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-http-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    LEDGER_API_KEYS: JSON.stringify([
      { key: BENCH_KEYS.admin, role: 'admin' },
      { key: BENCH_KEYS.purchaser, role: 'purchaser', regions: ['220000'] },
      { key: BENCH_KEYS.creditPlatform, role: 'credit-platform' },
    ]),
    LEDGER_DATA_DIR: dataDir,
  });
  const app = await createApp(config, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    // The signing key and checkpoints were this run's only: nothing to keep once the service is closed.
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function send(url: string, path: string, body: unknown, key = BENCH_KEYS.purchaser): Promise<void> {
  const res = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
}

/** A fund of 10,000,000,000.00 CNY per region-year: a 2% cap of 200,000,000.00 CNY, room for 20 million 100-CNY projects. */
export async function fundRegions(url: string, budgets: readonly { region: string; fiscalYear: number }[]): Promise<void> {
  for (const { region, fiscalYear } of budgets)
    await send(url, '/v1/funds', fund({ region, fiscalYear, amount: 1_000_000_000_000 }), BENCH_KEYS.admin);
}

/** `count` contracts signed and announced in 220102/2024 (one project each), 8 prepared at a time; their ids. */
export async function prepareContracts(url: string, count: number, prefix: string): Promise<string[]> {
  await send(url, '/v1/contractors', contractor());
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < count; i = next++) {
        const projectId = ids[i];
        const contractId = `${projectId}-c1`;
        await send(url, '/v1/projects', project({ projectId }));
        await send(url, `/v1/projects/${projectId}/tender`, tender());
        await send(url, `/v1/projects/${projectId}/award`, award());
        await send(url, `/v1/projects/${projectId}/contracts`, contract({ contractId }));
        await send(url, `/v1/contracts/${contractId}/announcement`, {
          announcedAt: '2024-03-26',
          url: `https://www.ccgp-jilin.gov.cn/n/${i}`,
        });
        ids[i] = contractId;
      }
    }),
  );
  return ids;
}

/** Runs one job in a child process (bench/http-load.ts) and returns what it measured. */
export function load(job: HttpLoadJob): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'http-load.js'), { stdio: 'inherit' });
    let result: HttpLoadResult | undefined;
    child.once('message', (m: HttpLoadResult) => (result = m));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (result?.failure !== undefined || result === undefined)
        reject(new Error(`load generator failed (exit ${code}): ${result?.failure}`));
      else resolve(result);
    });
    child.send(job);
  });
}

export const refusals = (f: LoadFigures): number => Object.values(f.refused).reduce((a, b) => a + b, 0) + f.errors + f.timeouts;

export interface HttpMeasurement extends Measurement {
  readonly failed: number;
  readonly refused: Record<string, number>;
  readonly target?: { readonly text: string; readonly met: boolean };
}

/** Seconds each measured run lasts (BENCH_HTTP_SECONDS, default 10), after a 2-second unmeasured warm-up. */
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
/** Contracts the payments go to (BENCH_HTTP_CONTRACTS, default 200). */
const CONTRACTS = Number(process.env.BENCH_HTTP_CONTRACTS ?? 200);

interface Run {
  readonly workload: CommandWorkload;
  /** Paced at this many requests/s (vegeta); else saturated by `connections` (autocannon). */
  readonly rate?: number;
  readonly connections?: number;
  readonly region?: string;
  readonly target?: (f: LoadFigures) => { text: string; met: boolean };
}

const p99Within = (ms: number, noFailure: boolean) => (f: LoadFigures) => ({
  text: `p99 ≤ ${ms} ms${noFailure ? ', no request fails' : ''}`,
  met: f.p99Ms <= ms && (!noFailure || refusals(f) === 0),
});

/**
 * Commands over HTTP (issue 18): contractor registrations (no contention), project registrations in one
 * region-year (every one reads and appends the same budget stream), payments on distinct contracts; paced and
 * at saturation. Each contention run has a region-year of its own, so each starts from an empty budget stream.
 */
export async function benchHttpCommands(adapter: string, databaseUrl: string): Promise<HttpMeasurement[]> {
  const service = await startService(databaseUrl);
  try {
    const runs: Run[] = [
      { workload: 'contractors', rate: 200, target: p99Within(15, true) },
      { workload: 'contractors', connections: 16 },
      { workload: 'projects', rate: 100, region: '220103', target: p99Within(100, true) },
      { workload: 'projects', rate: 200, region: '220104' },
      { workload: 'projects', connections: 16, region: '220105' },
      { workload: 'payments', rate: 200, target: p99Within(15, true) },
      { workload: 'payments', connections: 16 },
    ];
    // Built (or found) before the service is loaded: a missing Go stops the bench here, not halfway.
    await vegetaBinary();
    await fundRegions(service.url, [
      { region: '220102', fiscalYear: 2024 },
      ...runs.filter((r) => r.region).map((r) => ({ region: r.region!, fiscalYear: 2024 })),
    ]);
    const contracts = await prepareContracts(service.url, CONTRACTS, 'prep');
    const results: HttpMeasurement[] = [];
    for (const [run, r] of runs.entries()) {
      const job: HttpLoadJob = {
        url: service.url,
        keys: BENCH_KEYS,
        workload: r.workload,
        run,
        budgets: [{ region: r.region ?? '220102', fiscalYear: 2024 }],
        contracts,
        connections: r.connections ?? 0,
        seconds: SECONDS,
        warmupSeconds: 2,
      };
      // Paced: a constant arrival rate from vegeta (see vegeta.ts for why not autocannon); saturated: autocannon's connections.
      const f = r.rate !== undefined ? await paced(job, r.workload, r.rate, SECONDS, 2) : (await load(job)).commands;
      const how = r.rate !== undefined ? `@${r.rate}/s paced` : `saturated (${r.connections} conn)`;
      const label = `${r.workload === 'projects' ? 'projects, one region-year' : r.workload} ${how}`;
      results.push({
        name: `HTTP ${label}`,
        count: f.requests,
        seconds: f.seconds,
        perSecond: f.perSecond,
        p50Ms: f.p50Ms,
        p99Ms: f.p99Ms,
        failed: refusals(f),
        refused: f.refused,
        // The issue states its targets for SQLite.
        ...(r.target && adapter === 'sqlite' ? { target: r.target(f) } : {}),
      });
    }
    return results;
  } finally {
    await service.close();
  }
}

export function formatHttpNote(adapter: string, m: HttpMeasurement): string | undefined {
  const notes = [
    m.failed > 0 ? `${m.failed} failed: ${JSON.stringify(m.refused)}` : '',
    m.target ? `target ${m.target.text}: ${m.target.met ? 'met' : 'NOT MET'}` : '',
  ].filter((s) => s !== '');
  return notes.length > 0 ? `${adapter.padEnd(9)}   ↳ ${notes.join('; ')}` : undefined;
}
