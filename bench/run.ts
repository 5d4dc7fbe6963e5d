import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openStore } from '../src/ledger/open-store';
import { parseDatabaseUrl } from '../src/config/database-url';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { EVENT_STORE } from '../src/shared/di-tokens';
import { ProjectionRunner } from '../src/projection-runner/projection-runner';
import { benchCreditLookups, benchRebuild, fillLifecycle } from './read-models.bench';
import type { EventStore } from '../src/ledger/event-store.port';
import { startEmbeddedPostgres, RunningPostgres } from '../test/support/embedded-postgres';
import { benchAppends, benchReadAll } from './append.bench';
import { formatTargets, medians, rawBaselines, settledPhase, targets } from './baselines';
import { benchInclusion, fill } from './proof.bench';
import { formatRow, Measurement } from './stats';
import { benchHttpCommands, formatHttpNote } from './http.bench';
import { printSoak, soak, SOAK_SECONDS } from './soak';
import { benchMongoReadModels } from './mongo-read-models';
import { withClient } from '../test/support/postgres-client';

/**
 * `npm run bench`: the ledger's speed figures, on durable settings (SQLite WAL +
 * synchronous=FULL; PostgreSQL defaults, synchronous_commit=on), leaf hashes computed.
 * PostgreSQL: BENCH_DATABASE_URL if given, else an embedded-postgres server.
 * BENCH_APPENDS overrides the 10,000 appends per scenario (0 skips the append and read scenarios);
 * BENCH_ADAPTERS=sqlite (or postgres) measures one adapter only; BENCH_REPEATS=n takes the median of n rounds (default 5),
 * after BENCH_WARMUP rounds that are printed but not counted (default 1). Each measured phase of a round starts settled
 * (AdapterUnderTest.settle), and a round's databases are dropped when it ends.
 * BENCH_HTTP=0 skips the commands over HTTP (BENCH_HTTP_SECONDS per run, BENCH_HTTP_CONTRACTS paid);
 * BENCH_SOAK_SECONDS=0 skips the soak (default 600).
 */
const APPENDS = Number(process.env.BENCH_APPENDS ?? 10_000);
/** Rounds of the append and read scenarios (ledger and baselines), BENCH_REPEATS; each figure printed is the median. */
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 5));
/**
 * Rounds run first and not counted, BENCH_WARMUP. Until V8 has optimised the hot functions, appends cost more Node CPU:
 * on PostgreSQL with 8 writers, 63–79 µs per event in a process's first two rounds of 10,000, 36–42 µs from the third
 * (74–76 µs throughout under --no-opt). Without it a cold round can be the median, a figure no running service has.
 */
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 1));
/** Ledger size for the read-model benchmarks; BENCH_READ_MODEL_ENTRIES=0 skips them. */
const READ_MODEL_ENTRIES = Number(process.env.BENCH_READ_MODEL_ENTRIES ?? 100_000);
/** Ledger size for the proof benchmark; BENCH_PROOF_ENTRIES=0 skips it. */
const PROOF_ENTRIES = Number(process.env.BENCH_PROOF_ENTRIES ?? 1_000_000);
/** Commands over HTTP from a separate load process (bench/http.bench.ts); BENCH_HTTP=0 skips them. */
const HTTP = process.env.BENCH_HTTP !== '0';
/** Which adapters to measure, comma-separated (default both). */
const ADAPTERS = (process.env.BENCH_ADAPTERS ?? 'sqlite,postgres').split(',').map((a) => a.trim());

interface AdapterUnderTest {
  readonly name: string;
  /** A fresh, empty database: its DATABASE_URL. */
  fresh(): Promise<string>;
  /**
   * Before each measured phase of an append round, ledger and raw alike: what earlier phases left behind lands before
   * it, not in it. On PostgreSQL a CHECKPOINT writes their dirty pages and restarts checkpoint_timeout.
   */
  settle(): Promise<void>;
  /** A database an append round is done with, removed: autovacuum would otherwise work through it during later phases. */
  discard(url: string): Promise<void>;
  dispose(): Promise<void>;
}

const open = (url: string): Promise<EventStore> => openStore(parseDatabaseUrl(url));

function sqliteAdapter(): AdapterUnderTest {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  let n = 0;
  return {
    name: 'sqlite',
    fresh: () => Promise.resolve(`sqlite://${join(dir, `bench-${n++}.db`)}`),
    // SQLite writes nothing in the background (its WAL is checkpointed by the writing connection): nothing to settle.
    settle: () => Promise.resolve(),
    discard: (url) => {
      const location = parseDatabaseUrl(url);
      if (location.kind === 'sqlite') for (const f of ['', '-wal', '-shm']) rmSync(`${location.file}${f}`, { force: true });
      return Promise.resolve();
    },
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

async function postgresAdapter(): Promise<AdapterUnderTest> {
  let server: RunningPostgres | undefined;
  const base = process.env.BENCH_DATABASE_URL ?? (server = await startEmbeddedPostgres()).url;
  let n = 0;
  let unsettled = false;
  const admin = async (sql: string): Promise<void> => void (await withClient(base, (c) => c.query(sql)));
  return {
    name: 'postgres',
    fresh: async () => {
      const name = `ledger_bench_${process.pid}_${n++}`;
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    },
    settle: async () => {
      if (unsettled) return;
      try {
        await admin('CHECKPOINT');
      } catch (error) {
        // A BENCH_DATABASE_URL whose role may not CHECKPOINT (PostgreSQL 15+: pg_checkpoint): measured unsettled, and said so.
        if ((error as { code?: string }).code !== '42501') throw error;
        unsettled = true;
        console.log('postgres  CHECKPOINT not permitted to this role: phases are measured without settling first');
      }
    },
    discard: (url) => admin(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`),
    dispose: async () => server?.stop(),
  };
}

async function runAdapter(adapter: AdapterUnderTest): Promise<Measurement[]> {
  const results: Measurement[] = [];
  let comparison = '';
  if (APPENDS > 0) {
    for (let r = 0; r < WARMUP; r++) console.log(formatRound(adapter.name, 'warm-up round, not counted', await appendRound(adapter)));
    // Repeated rounds (BENCH_REPEATS) tame a noisy machine: each figure is the median of its rounds.
    const rounds: Record<string, Measurement>[] = [];
    for (let r = 0; r < REPEATS; r++) {
      rounds.push(await appendRound(adapter));
      console.log(formatRound(adapter.name, `round ${r + 1} of ${REPEATS}`, rounds[r]));
    }
    const m = medians(rounds);
    results.push(m.sequential, m.read, m.writers, m.rawSequential, m.rawRead, m.rawReadParsed, m.rawWriters, m.rawMultiRow);
    const raw = {
      sequential: m.rawSequential,
      read: m.rawRead,
      readParsed: m.rawReadParsed,
      writers: m.rawWriters,
      multiRow: m.rawMultiRow,
    };
    comparison = formatTargets(adapter.name, targets(adapter.name, { sequential: m.sequential, read: m.read, writers: m.writers }, raw));
  }
  if (PROOF_ENTRIES > 0) {
    const big = await open(await adapter.fresh());
    results.push(await fill(big, PROOF_ENTRIES));
    results.push(await benchInclusion(big, 2000));
    await big.close();
  }
  if (READ_MODEL_ENTRIES > 0) {
    const url = await adapter.fresh();
    const store = await open(url);
    await fillLifecycle(store, READ_MODEL_ENTRIES);
    results.push(await benchRebuild(store));
    await store.close();
    results.push(await creditLookups(url));
  }
  for (const m of results) console.log(formatRow(adapter.name, m));
  if (comparison) console.log(`\n${comparison}\n`);
  if (HTTP) {
    for (const m of await benchHttpCommands(adapter.name, await adapter.fresh())) {
      results.push(m);
      console.log(formatRow(adapter.name, m));
      const note = formatHttpNote(adapter.name, m);
      if (note) console.log(note);
    }
  }
  return results;
}

/** One round's targeted ratios, printed as it ends so that the spread behind each median can be seen. */
function formatRound(engine: string, label: string, r: Record<string, Measurement>): string {
  const ratio = (ledger: Measurement, raw: Measurement): string => `${((ledger.perSecond / raw.perSecond) * 100).toFixed(0)}%`;
  const figures = (ledger: Measurement, raw: Measurement): string =>
    `${ledger.perSecond.toFixed(0)}/s vs ${raw.perSecond.toFixed(0)}/s (${ratio(ledger, raw)})`;
  return `${engine.padEnd(9)} ${label}: sequential ${figures(r.sequential, r.rawSequential)}, 8 writers ${figures(r.writers, r.rawWriters)}, read ${ratio(r.read, r.rawRead)}`;
}

/** The ledger's appends and read, then the engine's own figures in the same run, so every ledger figure is read as a ratio. */
async function appendRound(adapter: AdapterUnderTest): Promise<Record<string, Measurement>> {
  const settled = <T>(phase: () => Promise<T>): Promise<T> => settledPhase(() => adapter.settle(), phase);
  const [sequentialUrl, concurrentUrl, rawUrl] = [await adapter.fresh(), await adapter.fresh(), await adapter.fresh()];
  const sequentialStore = await open(sequentialUrl);
  const sequential = await settled(() => benchAppends(sequentialStore, `${APPENDS} appends, 1,000 streams, sequential`, APPENDS, 1));
  const read = await settled(() => benchReadAll(sequentialStore));
  await sequentialStore.close();
  const concurrentStore = await open(concurrentUrl);
  const writers = await settled(() => benchAppends(concurrentStore, `${APPENDS} appends, 1,000 streams, 8 writers`, APPENDS, 8));
  await concurrentStore.close();
  const raw = await rawBaselines(parseDatabaseUrl(rawUrl), APPENDS, 8, () => adapter.settle());
  for (const url of [sequentialUrl, concurrentUrl, rawUrl]) await adapter.discard(url);
  return {
    sequential,
    read,
    writers,
    rawSequential: raw.sequential,
    rawRead: raw.read,
    rawReadParsed: raw.readParsed,
    rawWriters: raw.writers,
    rawMultiRow: raw.multiRow,
  };
}

/** The service on that database, caught up, serving credit lookups to 50 clients. */
async function creditLookups(url: string): Promise<Measurement> {
  const key = 'bench-credit-platform-key';
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-app-'));
  const config = loadConfig({
    DATABASE_URL: url,
    LEDGER_API_KEYS: JSON.stringify([{ key, role: 'credit-platform' }]),
    LEDGER_DATA_DIR: dataDir,
  });
  const app = await createApp(config, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  try {
    const store = app.get<EventStore>(EVENT_STORE);
    if (!(await app.get(ProjectionRunner).waitFor(['credit_records'], await store.head(), 120_000)))
      throw new Error('read models did not catch up');
    return await benchCreditLookups(app, key, 2000, 20_000);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const report: Record<string, Measurement[]> = {};
  console.log(`node ${process.version}, ${APPENDS} appends per scenario, durable commits, leaf hashes computed\n`);
  for (const [name, make] of [
    ['sqlite', sqliteAdapter],
    ['postgres', postgresAdapter],
  ] as const) {
    if (!ADAPTERS.includes(name)) continue;
    const adapter = await make();
    try {
      report[adapter.name] = await runAdapter(adapter);
    } finally {
      await adapter.dispose();
    }
  }
  // Read models in MongoDB beside a SQLite ledger (bench/mongo-read-models.ts); BENCH_MONGODB=0 skips them.
  if (READ_MODEL_ENTRIES > 0 && process.env.BENCH_MONGODB !== '0') {
    report.mongodb = await benchMongoReadModels(READ_MODEL_ENTRIES);
    for (const m of report.mongodb) console.log(formatRow('mongodb', m));
  }
  let soakReport;
  if (SOAK_SECONDS > 0) {
    console.log(`\nsoak on SQLite, ${SOAK_SECONDS} s: server memory every 30 s`);
    const adapter = sqliteAdapter();
    try {
      soakReport = await soak(await adapter.fresh());
      printSoak(soakReport);
      if (soakReport.failures.length > 0) process.exitCode = 1;
    } finally {
      await adapter.dispose();
    }
  }
  mkdirSync('.bench', { recursive: true });
  writeFileSync(join('.bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), report, soak: soakReport }, null, 2));
  console.log('\nwritten to .bench/results.json');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
