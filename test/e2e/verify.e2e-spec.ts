import { expect } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { award, expectCreated, post, registeredProject, tender } from '../support/lifecycle';
import { LedgerTreeService } from '../../src/ledger/tree/ledger-tree.service';
import { ledgerCli as ledger } from '../support/tamper';
import { withClient } from '../support/postgres-client';

/** SQL run behind the service's back, as someone with access to the database would. */
async function tamper(t: TestApp, kind: 'sqlite' | 'postgres', sqlite: string[], postgres: string[]): Promise<void> {
  if (kind === 'sqlite') {
    const db = new Database(t.databaseUrl.slice('sqlite://'.length));
    try {
      for (const sql of sqlite) db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  await withClient(t.databaseUrl, async (c) => {
    for (const sql of postgres) await c.query(sql);
  });
}

function verifySuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let state: string;
  beforeEach(async () => {
    t = await startTestApp(kind);
    state = join(mkdtempSync(join(tmpdir(), 'verify-')), 'state.json');
    await registeredProject(t);
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    await t.app.get(LedgerTreeService).tick();
  });
  afterEach(async () => t.close());

  const key = () => t.app.get(LedgerTreeService).verifier.text;

  it('verifies an untouched ledger through the database and through HTTP', async () => {
    const db = await ledger('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', key());
    expect(db).toEqual({ code: 0, out: expect.stringMatching(/^OK: 6 entries verified; root .*; checkpoint of 6 entries/) });
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    const viaHttp = await ledger('verify', '--url', url, '--api-key', KEYS.auditor, '--state', state);
    expect(viaHttp.code).toBe(0);
  });

  it('names the first altered position when one byte of an entry changes', async () => {
    expect((await ledger('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', key())).code).toBe(0);
    await tamper(
      t,
      kind,
      [
        'DROP TRIGGER ledger_entries_no_update',
        "UPDATE ledger_entries SET data = replace(data, '15000000', '15000001') WHERE position = 3",
      ],
      [
        'ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_immutable',
        "UPDATE ledger_entries SET data = replace(data, '15000000', '15000001') WHERE position = 3",
      ],
    );
    const res = await ledger('verify', '--database-url', t.databaseUrl, '--state', state);
    expect(res.code).toBe(1);
    expect(res.out).toContain('entry 3 has been altered');
    expect(res.out).toContain('first bad position: 3');
    // The service's own self-check finds it too, and /health says so.
    await t.app.get(LedgerTreeService).selfCheck(1000);
    const health = await t.http.get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'corrupt', ledger: { status: 'corrupt', firstBadPosition: 3 } });
  });

  it('detects a rollback: the last entry deleted after a checkpoint of it was verified', async () => {
    expect((await ledger('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', key())).code).toBe(0);
    await tamper(
      t,
      kind,
      [
        'DROP TRIGGER ledger_entries_no_delete',
        'DROP TRIGGER ledger_checkpoints_no_delete',
        'DELETE FROM ledger_checkpoints WHERE size = 6',
        'DELETE FROM ledger_entries WHERE position = 6',
      ],
      [
        'ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_immutable',
        'ALTER TABLE ledger_checkpoints DISABLE TRIGGER ledger_checkpoints_immutable',
        'DELETE FROM ledger_checkpoints WHERE size = 6',
        'DELETE FROM ledger_entries WHERE position = 6',
      ],
    );
    const res = await ledger('verify', '--database-url', t.databaseUrl, '--state', state);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/rollback: the ledger has 5 entries, but a checkpoint of 6 entries was verified before/);
  });

  it('refuses a checkpoint signed by another key than the pinned one', async () => {
    const other = 'someone.else+00000000+AQ' + 'A'.repeat(42) + '=';
    const res = await ledger('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', other);
    expect(res.code).toBe(1);
  });
}

describe('ledger verify [sqlite]', () => verifySuite('sqlite'));
describePostgres('ledger verify', () => verifySuite('postgres'));
