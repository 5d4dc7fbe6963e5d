import { expect } from '@jest/globals';
import { Binary, BSON, Long, MongoClient, ObjectId } from 'mongodb';
import type { Columns } from '../../src/projection-runner/projection-store.port';
import { describePostgres } from '../support/postgres-server';
import { describeMongo, testReadModelUrl } from '../support/ferretdb';
import { LedgerWithReadModels, openLedger, type ReadModelStoreKind } from '../support/projection-stores';
import { MongoProjectionStore } from '../../src/projection-runner/mongo/mongo-projection-store';
import { parseReadModelUrl } from '../../src/config/read-model-url';
import type { RowDocument } from '../../src/projection-runner/mongo/bson-rows';
import { writeRows } from '../../src/projection-runner/mongo/guarded-rows';
import { BatchJournal, type JournalRow } from '../../src/projection-runner/mongo/batch-journal';
import { MongoCheckpoints } from '../../src/projection-runner/mongo/mongo-checkpoints';
import { offersTransactions, transactionWorks } from '../../src/projection-runner/mongo/server-features';

interface Row {
  name: string;
  amount: number;
  region: string | null;
  /** A map keyed by ids, as budgets and OCDS releases keep them. */
  byId: { [id: string]: number };
}

const COLUMNS: Columns = {
  name: { type: 'text', of: (r: Row) => r.name },
  amount: { type: 'integer', of: (r: Row) => r.amount },
  region: { type: 'text', of: (r: Row) => r.region },
};

/** Past 2^31 fen (21.47 million yuan): a sum that needs 64 bits. */
const BIG = 9_876_543_210_123;

const ROWS: [string, Row][] = [
  ['c:001', { name: 'alpha (a+b)*', amount: 100, region: '220100', byId: { 'p.1': 1, $x: 2, '%': 3, '': 4 } }],
  ['c:002', { name: 'beta', amount: BIG, region: '220200', byId: {} }],
  ['c:003', { name: 'gamma 50%_off', amount: -5, region: null, byId: { a: 1 } }],
  ['c:004', { name: 'alphabet', amount: 100, region: '220100', byId: {} }],
  ['d:001', { name: 'delta', amount: 7, region: '220100', byId: {} }],
];

/** The ProjectionStore contract: what every store (SQLite, PostgreSQL, MongoDB) answers alike. */
function storeSuite(kind: ReadModelStoreKind): void {
  let l: LedgerWithReadModels;
  let table: string;
  beforeEach(async () => {
    l = await openLedger(kind);
    table = (await l.rows.register('contract_rows', 1, COLUMNS)).table;
    expect(
      await l.rows.commitBatch(
        'contract_rows',
        table,
        0,
        3,
        ROWS.map(([key, row]) => ({ key, row })),
        COLUMNS,
      ),
    ).toBe(true);
  });
  afterEach(async () => l.close());

  const keysOf = (rows: Row[]): string[] => rows.map((r) => ROWS.find(([, x]) => x.name === r.name)![0]);

  it('gives a row back as it was written: integers past 2^31 exact, map keys with dots, $ and % intact, no store field', async () => {
    expect(await l.rows.getRow('contract_rows', 'c:001')).toEqual(ROWS[0][1]);
    expect(await l.rows.getRow('contract_rows', 'c:002')).toEqual(ROWS[1][1]);
    expect(await l.rows.getRow('contract_rows', 'nope')).toBeNull();
    expect(JSON.stringify(await l.rows.queryRows('contract_rows', {}))).not.toMatch(/"_id"|"position"|ObjectId/);
    expect((await l.rows.loadRows(table, ['c:003', 'x'])).get('c:003')).toEqual(ROWS[2][1]);
    expect((await l.rows.dumpTable(table)).map(([k, doc]) => [k, JSON.parse(doc) as Row])).toEqual(ROWS);
  });

  it('queries by column, range, null and text, with key prefix and keyset order, and counts', async () => {
    const q = (query: Parameters<typeof l.rows.queryRows>[1]) =>
      l.rows.queryRows<'contract_rows'>('contract_rows', query) as Promise<Row[]>;
    expect(keysOf(await q({ where: { amount: 100 } }))).toEqual(['c:001', 'c:004']);
    expect(keysOf(await q({ where: { amount: { from: 0, to: 100 } } }))).toEqual(['c:001', 'c:004', 'd:001']);
    expect(keysOf(await q({ where: { amount: { from: 101 } } }))).toEqual(['c:002']);
    expect(keysOf(await q({ where: { region: null } }))).toEqual(['c:003']);
    expect(keysOf(await q({ where: { name: { contains: '(a+b)*' } } }))).toEqual(['c:001']);
    expect(keysOf(await q({ where: { name: { contains: '50%_' } } }))).toEqual(['c:003']);
    expect(keysOf(await q({ where: { name: { startsWith: 'alpha' } } }))).toEqual(['c:001', 'c:004']);
    expect(keysOf(await q({ keyPrefix: 'c:', afterKey: 'c:002' }))).toEqual(['c:003', 'c:004']);
    expect(keysOf(await q({ keyPrefix: 'c:', orderBy: { column: 'amount', desc: true }, limit: 3 }))).toEqual(['c:002', 'c:001', 'c:004']);
    expect(keysOf(await q({ orderBy: { column: 'amount' }, offset: 1, limit: 2 }))).toEqual(['d:001', 'c:001']);
    expect(await l.rows.countRows('contract_rows', { keyPrefix: 'c:', where: { region: '220100' } })).toBe(2);
    expect(await l.rows.countRows('contract_rows', {})).toBe(5);
  });

  it('deletes rows, and refuses a batch from a checkpoint that has moved', async () => {
    expect(await l.rows.commitBatch('contract_rows', table, 3, 4, [{ key: 'c:003', row: null }], COLUMNS)).toBe(true);
    expect(await l.rows.commitBatch('contract_rows', table, 3, 5, [{ key: 'c:001', row: null }], COLUMNS)).toBe(false);
    expect(await l.rows.getRow('contract_rows', 'c:003')).toBeNull();
    expect(await l.rows.getRow('contract_rows', 'c:001')).toEqual(ROWS[0][1]);
    expect((await l.rows.state('contract_rows'))!.position).toBe(4);
  });
}

describe('projection store [sqlite]', () => storeSuite('sqlite'));
describePostgres('projection store', () => storeSuite('postgres'));
describeMongo('projection store', () => {
  storeSuite('mongodb');

  it('stores money past 2^31 as Int64 and rows under the key as _id, never an ObjectId', async () => {
    const url = parseReadModelUrl(await testReadModelUrl('bson'))!;
    const rows = new MongoProjectionStore(url.url, url.database);
    const client = new MongoClient(url.url, { promoteLongs: false });
    try {
      const { table } = await rows.register('contract_rows', 1, COLUMNS);
      await rows.commitBatch('contract_rows', table, 0, 1, [{ key: 'c:002', row: ROWS[1][1] }], COLUMNS);
      const doc = await client.db(url.database).collection('contract_rows').findOne({});
      expect(doc).toMatchObject({ _id: 'c:002', position: 1, c_amount: expect.any(Long), row: { amount: expect.any(Long) } });
      expect((doc!.row as { amount: Long }).amount.toString()).toBe(String(BIG));
    } finally {
      await client.close();
      await rows.close();
    }
  });

  it('registers a read model whose collection and indexes a writer killed before storing its state had made', async () => {
    const url = parseReadModelUrl(await testReadModelUrl('half-registered'))!;
    const first = new MongoProjectionStore(url.url, url.database);
    const client = new MongoClient(url.url);
    try {
      await first.register('contract_rows', 1, COLUMNS);
      // All three column indexes stay; the state goes, as if the writer had died just before writing it.
      await client
        .db(url.database)
        .collection('projection_state')
        .deleteOne({ _id: 'contract_rows' as never });
      const second = new MongoProjectionStore(url.url, url.database);
      try {
        expect(await second.register('contract_rows', 1, COLUMNS)).toMatchObject({ position: 0, table: 'contract_rows@1' });
        const indexes = await client.db(url.database).collection('contract_rows').indexes();
        expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'c_amount', 'c_name', 'c_region']);
      } finally {
        await second.close();
      }
    } finally {
      await client.close();
      await first.close();
    }
  });

  it('finishes a batch whose writer died after claiming it: the next writer completes it from the journal, once', async () => {
    const url = parseReadModelUrl(await testReadModelUrl('journal'))!;
    const client = new MongoClient(url.url);
    const first = new MongoProjectionStore(url.url, url.database);
    try {
      const { table } = await first.register('contract_rows', 1, COLUMNS);
      await first.commitBatch(
        'contract_rows',
        table,
        0,
        2,
        ROWS.slice(0, 2).map(([key, row]) => ({ key, row })),
        COLUMNS,
      );
      // What a writer killed half-way through the batch 2 → 5 leaves: its journal in two parts, its claim, one row of three written.
      const db = client.db(url.database);
      // A part holds its rows as one BSON document `{ rows }` in binary.
      const part = (rows: [string, Row | null][]) =>
        new Binary(
          BSON.serialize({
            rows: rows.map(([key, row]) => ({
              key,
              doc: row && { _id: key, position: 5, row, c_name: row.name, c_amount: row.amount, c_region: row.region },
            })),
          }),
        );
      // Stored out of order: the parts are applied in the order of their ids, so the later change to c:002 wins.
      await db.collection('projection_journal').insertMany([
        {
          _id: 'dead:1' as never,
          rows: part([
            ['c:003', ROWS[2][1]],
            ['c:002', { ...ROWS[1][1], amount: 1 }],
          ]),
        },
        {
          _id: 'dead:0' as never,
          rows: part([
            ['c:001', null],
            ['c:002', { ...ROWS[1][1], amount: 7 }],
          ]),
        },
      ]);
      await db.collection('contract_rows').insertOne({ _id: 'c:003' as never, position: 5, row: ROWS[2][1], c_name: ROWS[2][1].name });
      await db
        .collection<{ _id: string }>('projection_state')
        .updateOne(
          { _id: 'contract_rows' },
          { $set: { pending: { token: 'dead', to: 5, collection: 'contract_rows', rows: null, parts: 2 } } },
        );

      // A restarted runner's batch from the old checkpoint is refused, and the dead writer's batch is finished.
      const second = new MongoProjectionStore(url.url, url.database);
      try {
        expect(await second.commitBatch('contract_rows', table, 2, 3, [{ key: 'x', row: ROWS[4][1] }], COLUMNS)).toBe(false);
        expect(await second.state('contract_rows')).toMatchObject({ position: 5, status: 'running' });
        expect((await second.dumpTable(table)).map(([k, doc]) => [k, JSON.parse(doc) as Row])).toEqual([
          ['c:002', { ...ROWS[1][1], amount: 1 }],
          ['c:003', ROWS[2][1]],
        ]);
        expect(await db.collection('projection_journal').countDocuments({})).toBe(0);
        expect(await second.commitBatch('contract_rows', table, 5, 6, [{ key: 'd:001', row: ROWS[4][1] }], COLUMNS)).toBe(true);
        expect(await second.countRows('contract_rows', {})).toBe(3);
      } finally {
        await second.close();
      }
    } finally {
      await client.close();
      await first.close();
    }
  });
});

describeMongo('projection store, rows written in place', () => {
  let url: { url: string; database: string };
  let client: MongoClient;
  beforeEach(async () => {
    url = parseReadModelUrl(await testReadModelUrl('inplace'))!;
    client = new MongoClient(url.url);
  });
  afterEach(() => client.close());

  it('never lets a reader find a row missing while batches replace it', async () => {
    const rows = new MongoProjectionStore(url.url, url.database);
    const keys = ROWS.map(([key]) => key);
    let writing = true;
    const seen: number[] = [];
    let reader: Promise<void> = Promise.resolve();
    try {
      const { table } = await rows.register('contract_rows', 1, COLUMNS);
      const batch = (n: number) => ROWS.map(([key, row]) => ({ key, row: { ...row, amount: n } }));
      expect(await rows.commitBatch('contract_rows', table, 0, 1, batch(1), COLUMNS)).toBe(true);
      const served = client.db(url.database).collection<{ _id: string }>('contract_rows');
      reader = (async () => {
        while (writing) seen.push(await served.countDocuments({ _id: { $in: keys } }));
      })();
      for (let n = 2; n <= 16; n++) {
        // As the runner does: the rows are read (from the store's copy of the collection), then the batch written.
        expect((await rows.loadRows(table, keys)).size).toBe(ROWS.length);
        expect(await rows.commitBatch('contract_rows', table, n - 1, n, batch(n), COLUMNS)).toBe(true);
      }
    } finally {
      writing = false;
      await reader;
      await rows.close();
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((count) => count !== ROWS.length)).toEqual([]);
    const check = new MongoProjectionStore(url.url, url.database);
    try {
      expect((await check.queryRows('contract_rows', {})).map((r) => (r as unknown as Row).amount)).toEqual(ROWS.map(() => 16));
    } finally {
      await check.close();
    }
  });

  const doc = (key: string, position: number, amount: number): RowDocument => ({ _id: key, position, row: { amount }, c_amount: amount });

  it('writes what is stored, whatever the caller believed: a row it thought new, one it thought there, one already later', async () => {
    const target = client.db(url.database).collection<RowDocument>('guarded');
    await target.insertMany([doc('older', 5, 1), doc('later', 11, 1), doc('deleted', 5, 1)]);
    // A wrong snapshot (another writer came between): `older` thought new, `absent` thought there.
    const thought = new Set(['absent', 'later']);
    await writeRows(
      target,
      [
        ['older', doc('older', 9, 2)],
        ['absent', doc('absent', 9, 2)],
        ['later', doc('later', 9, 2)],
        ['deleted', null],
      ],
      9,
      { existed: (key) => thought.has(key) },
    );
    expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([doc('absent', 9, 2), doc('later', 11, 1), doc('older', 9, 2)]);
  });

  it('replaces more rows in one batch than FerretDB takes in one update command (it hangs at 100)', async () => {
    const target = client.db(url.database).collection<RowDocument>('many');
    const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
    await target.insertMany(keys.map((key) => doc(key, 1, 0)));
    await writeRows(
      target,
      keys.map((key, i) => [key, doc(key, 2, i)] as const),
      2,
      { existed: () => true },
    );
    expect(await target.countDocuments({ position: 2 })).toBe(120);
  }, 60_000);

  it('moves the checkpoint of a batch that changes no row in one conditional write, and refuses a stale one', async () => {
    const rows = new MongoProjectionStore(url.url, url.database);
    try {
      const { table } = await rows.register('contract_rows', 1, COLUMNS);
      expect(await rows.commitBatch('contract_rows', table, 0, 40, [], COLUMNS)).toBe(true);
      expect(await rows.commitBatch('contract_rows', table, 0, 41, [], COLUMNS)).toBe(false);
      expect(await rows.state('contract_rows')).toMatchObject({ position: 40, status: 'running' });
      expect(
        await client
          .db(url.database)
          .collection('projection_state')
          .findOne({ _id: 'contract_rows' as never }),
      ).toMatchObject({
        pending: null,
      });
    } finally {
      await rows.close();
    }
  });

  it('stops writing a batch once another writer has finished it (the fence), before its next command', async () => {
    const target = client.db(url.database).collection<RowDocument>('fenced');
    const many = Array.from({ length: 700 }, (_, i) => [`k${i}`, doc(`k${i}`, 3, i)] as const);
    let asked = 0;
    await writeRows(target, many, 3, { existed: () => false, fence: () => Promise.resolve(asked++ === 0) });
    // One insert of 500 went before the other writer finished; the second was not sent.
    expect(await target.countDocuments({})).toBe(500);
    expect(asked).toBe(2);
  });

  it('commits in transactions only where the server offers them and a transaction works: not on FerretDB', async () => {
    const db = client.db(url.database);
    const checkpoints = new MongoCheckpoints(client, db);
    const offered = offersTransactions(await db.admin().command({ hello: 1 }));
    if (process.env.MONGODB_URL) {
      // A real MongoDB: a replica set member or mongos has them, a standalone server has none.
      expect(await checkpoints.features()).toEqual({ transactions: offered });
    } else {
      expect(offered).toBe(false);
      // FerretDB refuses startTransaction: the probe says no rather than failing every batch.
      expect(await transactionWorks(client, db)).toBe(false);
      expect(await checkpoints.features()).toEqual({ transactions: false });
    }
  });
});

describeMongo('projection store, the batch journal', () => {
  let url: { url: string; database: string };
  let client: MongoClient;
  beforeEach(async () => {
    url = parseReadModelUrl(await testReadModelUrl('journal'))!;
    client = new MongoClient(url.url);
  });
  afterEach(() => client.close());

  const row = (i: number, bytes: number): JournalRow => ({
    key: `k${i}`,
    doc: { _id: `k${i}`, position: 9, row: { text: 'x'.repeat(bytes), amount: Long.fromString('9876543210123') } },
  });

  it('keeps a small batch in its claim, cuts a large one into parts of at most 4 MiB, and gives them back in order', async () => {
    const journal = new BatchJournal(client.db(url.database));
    const small = await journal.record([row(0, 100)]);
    expect(small).toMatchObject({ rows: [row(0, 100)], parts: 0 });

    // 12 rows of just over 1 MiB: three to a part, each part one binary value.
    const large = Array.from({ length: 12 }, (_, i) => row(i, 1 << 20));
    const recorded = await journal.record(large);
    expect(recorded).toMatchObject({ rows: null, parts: 4 });
    const stored = await client.db(url.database).collection('projection_journal').find({}).toArray();
    expect(stored.map((d) => d._id as unknown as string).sort()).toEqual([0, 1, 2, 3].map((i) => `${recorded.token}:${i}`));
    expect(stored.every((d) => d.rows instanceof Binary && d.rows.length() <= 4 << 20)).toBe(true);
    // Int64 comes back as Int64, the rows in the order recorded.
    const back = await journal.read(recorded);
    expect(back!.map((r) => r.key)).toEqual(large.map((r) => r.key));
    expect((back![11].doc!.row as { amount: unknown }).amount).toEqual(Long.fromString('9876543210123'));

    await journal.forget(recorded);
    expect(await client.db(url.database).collection('projection_journal').countDocuments({})).toBe(0);
    expect(await journal.read(recorded)).toBeNull();
  });

  it('sweeps parts no claim names once they are an hour old, never a claimed or a younger one', async () => {
    const journal = new BatchJournal(client.db(url.database));
    const collection = client.db(url.database).collection('projection_journal');
    const big = [row(0, 20 << 10)];
    const claimed = await journal.record(big);
    const orphan = await journal.record(big);
    // Not the journal's (its ids are strings): left alone, and no failure.
    const foreign = new ObjectId();
    await collection.insertOne({ _id: foreign, note: 'put here by hand' });
    expect(await journal.sweep(new Set([claimed.token]), Date.now() + 30 * 60 * 1000)).toBe(0);
    // An hour on: `orphan` is one; a part recorded a minute before then is not yet.
    const later = Date.now() + 61 * 60 * 1000;
    const young = `${(later - 60 * 1000).toString(36)}-young:0`;
    await collection.insertOne({ _id: young as never, rows: new Binary(BSON.serialize({ rows: big })) });
    expect(await journal.sweep(new Set([claimed.token]), later)).toBe(1);
    const left = (await collection.find({}).toArray()).map((d) => d._id as unknown as string);
    expect(left.filter((id) => typeof id === 'string').sort()).toEqual([`${claimed.token}:0`, young].sort());
    expect(await collection.countDocuments({ _id: foreign })).toBe(1);
    expect(left).not.toContain(`${orphan.token}:0`);
  });

  it('is swept when a store opens: a writer killed before its claim leaves no journal behind for good', async () => {
    const db = client.db(url.database);
    const first = new MongoProjectionStore(url.url, url.database);
    try {
      await first.register('contract_rows', 1, COLUMNS);
    } finally {
      await first.close();
    }
    // Left by a writer killed between recording its rows and claiming them, two hours ago.
    const made = (Date.now() - 2 * 60 * 60 * 1000).toString(36);
    await db.collection('projection_journal').insertOne({ _id: `${made}-dead:0` as never, rows: new Binary(BSON.serialize({ rows: [] })) });
    const second = new MongoProjectionStore(url.url, url.database);
    try {
      await second.register('contract_rows', 1, COLUMNS);
      expect(await db.collection('projection_journal').countDocuments({})).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describeMongo('projection store, a claim made before the journal was binary', () => {
  it('is finished from its journal rows, not as a batch of none', async () => {
    const url = parseReadModelUrl(await testReadModelUrl('legacy'))!;
    const client = new MongoClient(url.url);
    const first = new MongoProjectionStore(url.url, url.database);
    try {
      const { table } = await first.register('contract_rows', 1, COLUMNS);
      await first.commitBatch('contract_rows', table, 0, 2, [{ key: 'c:001', row: ROWS[0][1] }], COLUMNS);
      // What a writer of the previous release killed after its claim of the batch 2 → 5 left: one journal
      // document per row `{ _id: <token>:<i>, token, key, doc }` (stored out of order), a claim with no `parts`.
      const db = client.db(url.database);
      const batch: [string, Row | null][] = [
        ['c:001', null],
        ['c:002', { ...ROWS[1][1], amount: 7 }],
        ['c:003', ROWS[2][1]],
        ['c:002', { ...ROWS[1][1], amount: 1 }],
      ];
      const docs = batch.map(([key, row], i) => ({
        _id: `0f6b1c2e-old:${i}` as never,
        token: '0f6b1c2e-old',
        key,
        doc: row && { _id: key, position: 5, row, c_name: row.name, c_amount: row.amount, c_region: row.region },
      }));
      await db.collection('projection_journal').insertMany([docs[3], docs[1], docs[0], docs[2]]);
      await db
        .collection<{ _id: string }>('projection_state')
        .updateOne(
          { _id: 'contract_rows' },
          { $set: { pending: { token: '0f6b1c2e-old', to: 5, collection: 'contract_rows', rows: null } } },
        );

      const second = new MongoProjectionStore(url.url, url.database);
      try {
        await second.register('contract_rows', 1, COLUMNS);
        expect(await second.state('contract_rows')).toMatchObject({ position: 5, status: 'running' });
        expect((await second.dumpTable(table)).map(([k, doc]) => [k, JSON.parse(doc) as Row])).toEqual([
          ['c:002', { ...ROWS[1][1], amount: 1 }],
          ['c:003', ROWS[2][1]],
        ]);
        expect(await db.collection('projection_journal').countDocuments({})).toBe(0);
      } finally {
        await second.close();
      }
    } finally {
      await client.close();
      await first.close();
    }
  });
});
