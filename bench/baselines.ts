import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import type { StoreLocation } from '../src/config/database-url';
import { paymentEvent } from './append.bench';
import { Measurement, measurement } from './stats';

/**
 * What the engines do without the ledger, on the same durable settings and the same rows: the
 * denominators of every ratio `npm run bench` prints. A table of the ledger's row shape (same
 * columns, keys and JSON payloads, hashes as fixed-size text) gets one durable transaction per
 * event with its stream version (the UNIQUE key stands in for the expected-version check), and
 * 1,000-row multi-row INSERTs as the upper bound; the read pages through it 1,000 rows at a time,
 * rows as the driver returns them (the target's denominator), and again with the JSON columns parsed.
 */

const STREAMS = 1000;
const MULTI_ROW = 1000;

const TABLE = `CREATE TABLE raw_events (
  position BIGINT PRIMARY KEY, stream_id TEXT NOT NULL, stream_version INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, private_digest TEXT, metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL, leaf_hash TEXT NOT NULL, fingerprint TEXT NOT NULL, UNIQUE (stream_id, stream_version))`;
const COLUMNS =
  'position, stream_id, stream_version, event_id, type, schema_version, data, private_digest, metadata, recorded_at, leaf_hash, fingerprint';
const READ = `SELECT ${COLUMNS} FROM raw_events WHERE position > $1 ORDER BY position LIMIT $2`;

type RawRow = [number, string, number, string, string, number, string, null, string, string, string, string];

/** Row k of a run with `writers` writers: the same streams and payloads as benchAppends. */
function rawRow(k: number, writers: number, w = k % writers): RawRow {
  const e = paymentEvent(k);
  const stream = `bench-${(Math.floor(k / writers) * writers + w) % STREAMS}`;
  const hash = createHash('sha256').update(e.eventId).digest('base64');
  const version = Math.floor(k / STREAMS) + 1;
  return [
    k + 1,
    stream,
    version,
    e.eventId,
    e.type,
    e.schemaVersion,
    JSON.stringify(e.data),
    null,
    JSON.stringify(e.metadata),
    new Date().toISOString(),
    hash,
    hash,
  ];
}

interface RawEngine {
  /** One row in its own durable transaction. */
  insertOne(row: RawRow): Promise<void>;
  /** Many rows in one INSERT, one durable transaction. */
  insertMany(rows: RawRow[]): Promise<void>;
  readPage(after: number, limit: number): Promise<{ position: number; data: string; metadata: string }[]>;
  /** Empties the table for the next scenario. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

function sqliteEngine(file: string): RawEngine {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(TABLE.replace('position BIGINT PRIMARY KEY', 'position INTEGER PRIMARY KEY'));
  const insert = db.prepare(`INSERT INTO raw_events (${COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`);
  const one = db.transaction((row: RawRow) => insert.run(...row));
  const many = db.transaction((rows: RawRow[]) => {
    const values = rows.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?)').join(',');
    db.prepare(`INSERT INTO raw_events (${COLUMNS}) VALUES ${values}`).run(...rows.flat());
  });
  const read = db.prepare(READ.replace('$1', '?').replace('$2', '?'));
  return {
    insertOne: (row) => Promise.resolve(void one.immediate(row)),
    insertMany: (rows) => Promise.resolve(many.immediate(rows)),
    readPage: (after, limit) => Promise.resolve(read.all(after, limit) as { position: number; data: string; metadata: string }[]),
    reset: () => Promise.resolve(void db.exec('DELETE FROM raw_events')),
    close: () => Promise.resolve(void db.close()),
  };
}

function postgresEngine(url: string, clients: number): RawEngine {
  const pool = new Pool({ connectionString: url, max: clients });
  // A client the pool still holds when the bench stops the embedded server is terminated by it: not a failure.
  pool.on('error', () => undefined);
  let created: Promise<unknown> | undefined;
  const ready = (): Promise<unknown> => (created ??= pool.query(TABLE));
  const params = (n: number, width: number): string =>
    Array.from({ length: n }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(',')})`).join(',');
  return {
    insertOne: async (row) => {
      await ready();
      // Autocommit: one round trip, one durable commit (synchronous_commit=on).
      await pool.query({ name: 'raw-insert', text: `INSERT INTO raw_events (${COLUMNS}) VALUES ${params(1, 12)}`, values: row });
    },
    insertMany: async (rows) => {
      await ready();
      await pool.query(`INSERT INTO raw_events (${COLUMNS}) VALUES ${params(rows.length, 12)}`, rows.flat());
    },
    readPage: async (after, limit) => {
      await ready();
      return (
        await pool.query<{ position: string; data: string; metadata: string }>({ name: 'raw-read', text: READ, values: [after, limit] })
      ).rows.map((r) => ({ ...r, position: Number(r.position) }));
    },
    reset: async () => {
      await ready();
      await pool.query('TRUNCATE raw_events');
    },
    close: () => pool.end(),
  };
}

async function appends(engine: RawEngine, name: string, total: number, writers: number): Promise<Measurement> {
  const rows = Array.from({ length: total }, (_, k) => rawRow(k, writers));
  const latencies = new Array<number>(total);
  let next = 0;
  const writer = async (): Promise<void> => {
    for (let k = next++; k < total; k = next++) {
      const t0 = process.hrtime.bigint();
      await engine.insertOne(rows[k]);
      latencies[k] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: writers }, writer));
  return measurement(name, total, Number(process.hrtime.bigint() - started) / 1e9, latencies);
}

async function multiRow(engine: RawEngine, total: number): Promise<Measurement> {
  const rows = Array.from({ length: total }, (_, k) => rawRow(k, 1));
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i += MULTI_ROW) await engine.insertMany(rows.slice(i, i + MULTI_ROW));
  return measurement(`raw: ${MULTI_ROW}-row INSERTs`, total, Number(process.hrtime.bigint() - started) / 1e9);
}

/** Pages through the table; `parse`: JSON.parse the payload columns too, as a reader of the ledger gets them. */
async function readAll(engine: RawEngine, parse: boolean, pageSize = 1000): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let after = 0;
  let count = 0;
  let parsed = 0;
  for (;;) {
    const page = await engine.readPage(after, pageSize);
    if (page.length === 0) break;
    if (parse) for (const r of page) parsed += Number(JSON.parse(r.data) !== null) + Number(JSON.parse(r.metadata) !== null);
    count += page.length;
    after = page[page.length - 1].position;
  }
  // Checking the count keeps the parse observable, so it cannot be optimised away.
  if (parse && parsed !== count * 2) throw new Error('a payload did not parse to a value');
  const name = `raw: read (pages of ${pageSize})${parse ? ' + JSON.parse' : ''}`;
  return measurement(name, count, Number(process.hrtime.bigint() - started) / 1e9);
}

/** A measured phase, after `settle` (what earlier phases left behind is written first). */
export async function settledPhase<T>(settle: () => Promise<void>, phase: () => Promise<T>): Promise<T> {
  await settle();
  return phase();
}

/** The raw figures of one engine, each scenario on an empty table: keyed as `sequential`, `writers`, `multiRow`, `read`, `readParsed`. */
export async function rawBaselines(
  location: StoreLocation,
  total: number,
  writers: number,
  /** Run before each measured phase, as before the ledger's (bench/run.ts appendRound). */
  settle: () => Promise<void> = () => Promise.resolve(),
): Promise<Record<string, Measurement>> {
  const engine = location.kind === 'sqlite' ? sqliteEngine(location.file) : postgresEngine(location.url, writers);
  const settled = <T>(phase: () => Promise<T>): Promise<T> => settledPhase(settle, phase);
  try {
    const sequential = await settled(() => appends(engine, `raw: one txn per event, sequential`, total, 1));
    const read = await settled(() => readAll(engine, false));
    const readParsed = await settled(() => readAll(engine, true));
    await engine.reset();
    const concurrent = await settled(() => appends(engine, `raw: one txn per event, ${writers} writers`, total, writers));
    await engine.reset();
    return { sequential, read, readParsed, writers: concurrent, multiRow: await settled(() => multiRow(engine, total)) };
  } finally {
    await engine.close();
  }
}

interface Target {
  readonly ledger: Measurement;
  readonly raw: Measurement;
  /** Minimum ledger/raw ratio; undefined: shown for judgement only. */
  readonly ratio?: number;
  /** Minimum ledger events/s, if any. */
  readonly perSecond?: number;
}

/** Issue 18's targets: ledger figure against the raw figure measured in the same run. */
export function targets(
  engine: string,
  ledger: Record<'sequential' | 'read' | 'writers', Measurement>,
  raw: Record<string, Measurement>,
): Target[] {
  const pg = engine === 'postgres';
  return [
    { ledger: ledger.sequential, raw: raw.sequential, ratio: 0.7, ...(pg ? { perSecond: 1251 } : {}) },
    { ledger: ledger.writers, raw: raw.writers, ...(pg ? { ratio: 0.9 } : {}) },
    { ledger: ledger.sequential, raw: raw.multiRow },
    { ledger: ledger.read, raw: raw.read, ratio: 0.5 },
    { ledger: ledger.read, raw: raw.readParsed },
  ];
}

export function formatTargets(engine: string, rows: Target[]): string {
  const lines = rows.map(({ ledger, raw, ratio, perSecond }) => {
    const r = ledger.perSecond / raw.perSecond;
    const goals = [...(ratio !== undefined ? [`≥ ${(ratio * 100).toFixed(0)}%`] : []), ...(perSecond ? [`≥ ${perSecond}/s`] : [])];
    const met = goals.length === 0 ? '' : r >= (ratio ?? 0) && ledger.perSecond >= (perSecond ?? 0) ? 'met' : 'NOT MET';
    return `${engine.padEnd(9)} ${ledger.name.padEnd(44)} ${ledger.perSecond.toFixed(0).padStart(8)}/s  ${raw.name.padEnd(36)} ${raw.perSecond.toFixed(0).padStart(8)}/s  ${(r * 100).toFixed(1).padStart(5)}%  ${goals.join(', ').padEnd(18)} ${met}`;
  });
  const head = `${'engine'.padEnd(9)} ${'ledger'.padEnd(44)} ${'events/s'.padStart(10)}  ${'baseline'.padEnd(36)} ${'events/s'.padStart(10)}  ${'ratio'.padStart(6)}  ${'target'.padEnd(18)} `;
  return [head, ...lines].join('\n');
}

/** Per key, the round whose events/s is the median (the lower middle one for an even count). */
export function medians(rounds: readonly Record<string, Measurement>[]): Record<string, Measurement> {
  const out: Record<string, Measurement> = {};
  for (const key of Object.keys(rounds[0])) {
    const sorted = rounds.map((r) => r[key]).sort((a, b) => a.perSecond - b.perSecond);
    out[key] = sorted[Math.floor((sorted.length - 1) / 2)];
  }
  return out;
}
