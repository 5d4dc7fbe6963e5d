import { MongoClient, type Collection, type Db } from 'mongodb';
import {
  checkIdentifier,
  type Columns,
  type ProjectionBuild,
  type ProjectionState,
  type ProjectionStore,
  type RowChange,
  type RowFor,
  type RowQuery,
} from '../projection-store.port';
import { filterOf, fromBson, rowDocument, sortOf, type RowDocument } from './bson-rows';
import { MongoCheckpoints, toBuild, toState, type PendingSwap, type StateDoc } from './mongo-checkpoints';
import { RowSnapshots, SNAPSHOT_ROWS } from './row-snapshots';
import { codeOf, createCollection, createIndexes, dropCollection, finishSwap } from './mongo-collections';

const DUPLICATE_KEY = 11000;

/**
 * Read models in MongoDB (READ_MODEL_URL), while the ledger stays in SQLite or PostgreSQL. One collection
 * per read model, named after it; a blue/green rebuild fills `<name>__build_<n>` and renames it into
 * place. Table ids the runner passes around are `<name>@<generation>` for the served collection (so a
 * batch computed before a swap cannot land after it) and the build collection's own name.
 * Uses only what FerretDB 1.24 and MongoDB 6+ both have, and transactions where the server offers them (./mongo-checkpoints.ts).
 */
export class MongoProjectionStore implements ProjectionStore {
  private readonly client: MongoClient;
  private readonly db: Db;
  private readonly checkpoints: MongoCheckpoints;
  private readonly snapshots = new RowSnapshots();

  constructor(url: string, database: string) {
    this.client = new MongoClient(url, { ignoreUndefined: true, appName: 'ledger-read-models', serverSelectionTimeoutMS: 10_000 });
    this.db = this.client.db(database);
    this.checkpoints = new MongoCheckpoints(this.client, this.db);
  }

  private collectionOf(table: string): Collection<RowDocument> {
    const at = table.indexOf('@');
    return this.db.collection<RowDocument>(checkIdentifier(at >= 0 ? table.slice(0, at) : table));
  }

  private recover(name: string): Promise<void> {
    return this.checkpoints.recover(name, (n, swap) => finishSwap(this.db, this.checkpoints, n, swap));
  }

  async states(): Promise<ProjectionState[]> {
    return (await this.checkpoints.states.find({}).sort({ _id: 1 }).toArray()).map(toState);
  }

  async state(name: string): Promise<ProjectionState | null> {
    const d = await this.checkpoints.states.findOne({ _id: name });
    return d ? toState(d) : null;
  }

  async register(name: string, version: number, columns: Columns): Promise<ProjectionState> {
    await this.checkpoints.sweep();
    await this.recover(name);
    const existing = await this.checkpoints.states.findOne({ _id: name });
    if (existing) return toState(existing);
    await createCollection(this.db, checkIdentifier(name));
    await createIndexes(this.db, name, columns);
    const doc: StateDoc = {
      _id: name,
      version,
      table: `${name}@1`,
      generation: 1,
      position: 0,
      status: 'running',
      failedPosition: null,
      error: null,
      pending: null,
      swapping: null,
    };
    // Instances starting together: the first insert wins, the others read it.
    await this.checkpoints.states.insertOne(doc).catch((error: unknown) => {
      if (codeOf(error) !== DUPLICATE_KEY) throw error;
    });
    return toState((await this.checkpoints.states.findOne({ _id: name }))!);
  }

  async loadRows(table: string, keys: readonly string[]): Promise<Map<string, object>> {
    const out = new Map<string, object>();
    if (keys.length === 0) return out;
    if (table.includes('@')) await this.snapshots.take(table, () => this.readWhole(table));
    const snapshot = this.snapshots.rowsOf(table);
    if (snapshot) {
      for (const key of keys) {
        const row = snapshot.get(key);
        if (row !== undefined) out.set(key, row);
      }
      return out;
    }
    const collection = this.collectionOf(table);
    // FerretDB answers a lone _id from its index, an $in by reading the collection.
    const docs =
      keys.length === 1
        ? [await collection.findOne({ _id: keys[0] }, { projection: { row: 1 } })].filter((d) => d !== null)
        : await collection.find({ _id: { $in: [...keys] } }, { projection: { row: 1 } }).toArray();
    for (const d of docs) out.set(d._id, fromBson(d.row) as object);
    return out;
  }

  /** A served collection read whole between two reads of its checkpoint that agree; undefined if a batch came between. */
  private async readWhole(table: string): Promise<{ position: number; rows: Map<string, object> } | 'too large' | undefined> {
    const name = table.slice(0, table.indexOf('@'));
    const quiet = async (): Promise<number | undefined> => {
      const s = await this.checkpoints.states.findOne({ _id: name });
      return s && s.table === table && !s.pending && !s.swapping ? s.position : undefined;
    };
    const before = await quiet();
    if (before === undefined) return undefined;
    const collection = this.collectionOf(table);
    if ((await collection.estimatedDocumentCount()) > SNAPSHOT_ROWS) return 'too large';
    const docs = await collection.find({}, { projection: { row: 1 } }).toArray();
    if ((await quiet()) !== before) return undefined;
    return { position: before, rows: new Map(docs.map((d) => [d._id, fromBson(d.row) as object])) };
  }

  private docs(changes: readonly RowChange[], to: number, columns: Columns): [string, RowDocument | null][] {
    return changes.map((ch) => [ch.key, ch.row === null ? null : rowDocument(ch.key, ch.row, to, columns)]);
  }

  commitBatch(name: string, table: string, from: number, to: number, changes: readonly RowChange[], columns: Columns): Promise<boolean> {
    return this.write('live', name, table, from, to, changes, columns);
  }

  private async write(
    kind: 'live' | 'build',
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    const snapshot = this.snapshots.rowsAt(table, from);
    const existed = snapshot && ((key: string) => snapshot.has(key));
    let ok = false;
    try {
      ok = await this.checkpoints.commit(
        kind,
        name,
        table,
        from,
        to,
        this.docs(changes, to, columns),
        this.collectionOf(table).collectionName,
        existed,
      );
    } finally {
      this.snapshots.committed(table, from, to, changes, ok);
    }
    return ok;
  }

  async markFailed(name: string, table: string, position: number, error: string): Promise<void> {
    await this.checkpoints.states.updateOne({ _id: name, table }, { $set: { status: 'failed', failedPosition: position, error } });
  }

  /** The build is filled without indexes (indexBuild adds them): the columns are not needed yet. */
  async startBuild(name: string, version: number): Promise<ProjectionBuild> {
    await this.recover(name);
    const existing = await this.checkpoints.builds.findOne({ _id: name });
    if (existing && existing.version === version) return toBuild(existing);
    const state = await this.checkpoints.states.findOne({ _id: name });
    if (!state) throw new Error(`projection ${name} is not registered`);
    const generation = state.generation + 1;
    const table = `${checkIdentifier(name)}__build_${generation}`;
    // Builds of earlier versions, or left by a crash before their build document was written.
    for (const c of await this.db.listCollections({}, { nameOnly: true }).toArray())
      if (c.name.startsWith(`${name}__build_`)) await dropCollection(this.db, c.name);
    await this.db.createCollection(table);
    await this.checkpoints.states.updateOne({ _id: name }, { $set: { generation } });
    await this.checkpoints.builds.replaceOne({ _id: name }, { version, table, position: 0, pending: null }, { upsert: true });
    // Only this build writes its collection, and it starts empty: every row it will have is known here.
    this.snapshots.start(table);
    return { name, version, table, position: 0 };
  }

  async build(name: string): Promise<ProjectionBuild | null> {
    const d = await this.checkpoints.builds.findOne({ _id: name });
    return d ? toBuild(d) : null;
  }

  commitBuildBatch(
    name: string,
    table: string,
    from: number,
    to: number,
    changes: readonly RowChange[],
    columns: Columns,
  ): Promise<boolean> {
    return this.write('build', name, table, from, to, changes, columns);
  }

  indexBuild(table: string, columns: Columns): Promise<void> {
    return createIndexes(this.db, checkIdentifier(table), columns);
  }

  async swap(name: string, build: ProjectionBuild): Promise<boolean> {
    await this.recover(name);
    const state = await this.checkpoints.states.findOne({ _id: name });
    const b = await this.checkpoints.builds.findOne({ _id: name });
    // Only a build that has caught up with the served table takes its place.
    if (!state || !b || b.table !== build.table || b.pending || b.position < state.position) return false;
    const generation = Number(/__build_(\d+)$/.exec(b.table)![1]);
    const swapping: PendingSwap = { build: b.table, version: b.version, position: b.position, table: `${name}@${generation}` };
    // From here no batch can be claimed on the served table (claims need `swapping: null`) until the swap is finished.
    const decided = await this.checkpoints.states.updateOne(
      { _id: name, table: state.table, position: state.position, pending: null, swapping: null },
      { $set: { swapping } },
    );
    if (decided.modifiedCount !== 1) return false;
    this.snapshots.forget(name);
    await finishSwap(this.db, this.checkpoints, name, swapping);
    return true;
  }

  async getRow<N extends string>(name: N, key: string): Promise<RowFor<N> | null> {
    const d = await this.collectionOf(name).findOne({ _id: key }, { projection: { row: 1 } });
    return d ? (fromBson(d.row) as RowFor<N>) : null;
  }

  async queryRows<N extends string>(name: N, query: RowQuery): Promise<RowFor<N>[]> {
    let cursor = this.collectionOf(name)
      .find(filterOf(query), { projection: { row: 1 } })
      .sort(sortOf(query));
    if (query.offset !== undefined) cursor = cursor.skip(query.offset);
    if (query.limit !== undefined) cursor = cursor.limit(query.limit);
    return (await cursor.toArray()).map((d) => fromBson(d.row) as RowFor<N>);
  }

  countRows(name: string, query: RowQuery): Promise<number> {
    return this.collectionOf(name).countDocuments(filterOf(query));
  }

  async dumpTable(table: string): Promise<[string, string][]> {
    const docs = await this.collectionOf(table).find({}).sort({ _id: 1 }).toArray();
    return docs.map((d) => [d._id, JSON.stringify(fromBson(d.row))]);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
