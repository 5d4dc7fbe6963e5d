import { expect } from '@jest/globals';
import { offersTransactions } from '../../src/projection-runner/mongo/server-features';

/** `hello` answers as servers give them (FerretDB's was taken from the test server). */
const FERRETDB = {
  isWritablePrimary: true,
  maxBsonObjectSize: 16777216,
  maxWireVersion: 21,
  logicalSessionTimeoutMinutes: 30,
  readOnly: false,
  ok: 1,
};
const STANDALONE = { isWritablePrimary: true, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30, ok: 1 };
const REPLICA_SET = { ...STANDALONE, setName: 'rs0', hosts: ['localhost:27017'], primary: 'localhost:27017' };
const MONGOS = { ...STANDALONE, msg: 'isdbgrid' };

describe('MongoDB read models: transactions where the server offers them', () => {
  it('commits batches by claim on FerretDB and a standalone MongoDB, which have no multi-document transactions', () => {
    expect(offersTransactions(FERRETDB)).toBe(false);
    expect(offersTransactions(STANDALONE)).toBe(false);
  });

  it('commits batches in transactions on a replica set member and a sharded cluster router', () => {
    expect(offersTransactions(REPLICA_SET)).toBe(true);
    expect(offersTransactions(MONGOS)).toBe(true);
  });

  it('not without sessions, whatever the topology says', () => {
    const { logicalSessionTimeoutMinutes: _, ...noSessions } = REPLICA_SET;
    expect(offersTransactions(noSessions)).toBe(false);
  });
});
