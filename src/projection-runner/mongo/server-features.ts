import { MongoServerError, type Db, type Document, type MongoClient } from 'mongodb';

export interface ServerFeatures {
  /** Multi-document transactions: a batch's rows and its checkpoint move commit in one. */
  readonly transactions: boolean;
}

/**
 * Whether a server's `hello` answer offers multi-document transactions: a replica set member (`setName`)
 * or a sharded cluster's router (`isdbgrid`), with sessions. A standalone MongoDB has none, nor has
 * FerretDB 1.24 (it refuses `startTransaction`).
 */
export function offersTransactions(hello: Document): boolean {
  return hello.logicalSessionTimeoutMinutes != null && (typeof hello.setName === 'string' || hello.msg === 'isdbgrid');
}

/** One read in a transaction: false if the server refuses it; a network error is thrown. */
export async function transactionWorks(client: MongoClient, db: Db): Promise<boolean> {
  const probe = db.collection<{ _id: string }>('projection_state');
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await probe.findOne({ _id: '' }, { session });
    });
    return true;
  } catch (error) {
    if (error instanceof MongoServerError) return false;
    throw error;
  } finally {
    await session.endSession();
  }
}

/**
 * What the read-model store uses of the server. Transactions: `hello` must offer them and one must then
 * work (FerretDB started with a replica set name answers like a replica set member but refuses
 * `startTransaction`).
 */
export async function serverFeatures(client: MongoClient, db: Db): Promise<ServerFeatures> {
  const transactions = offersTransactions(await db.admin().command({ hello: 1 })) && (await transactionWorks(client, db));
  return { transactions };
}
