import { expect } from '@jest/globals';
import { rmSync } from 'node:fs';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { award, expectCreated, fund, post, registeredProject, tender } from '../support/lifecycle';
import { Kind, tamper } from '../support/tamper';
import { newEvent } from '../support/events';
import { LEDGER_ADAPTER } from '../../src/shared/di-tokens';
import type { EventStore } from '../../src/ledger/event-store.port';
import { LedgerTreeService } from '../../src/ledger/tree/ledger-tree.service';
import { openStore } from '../../src/ledger/open-store';
import { parseDatabaseUrl } from '../../src/config/database-url';

/** A command the ledger refuses as corrupt; nothing may be appended. */
async function refused(request: Promise<Response>): Promise<Response> {
  const res = await request;
  expect(res.status).toBe(503);
  return res;
}

const EDIT = (from: string, to: string) => `UPDATE ledger_entries SET data = replace(data, '${from}', '${to}') WHERE position = 3`;

function corruptSuite(kind: Kind): void {
  let t: TestApp;
  let restarted: TestApp | undefined;
  beforeEach(async () => {
    t = await startTestApp(kind);
    await registeredProject(t);
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
    await t.app.get(LedgerTreeService).tick();
  });
  afterEach(async () => {
    if (restarted) {
      await restarted.close();
      rmSync(t.dataDir, { recursive: true, force: true });
    } else {
      await t.close();
    }
    restarted = undefined;
  });

  it('refuses commands with 503 LEDGER_CORRUPT once the self-check finds a bad entry, keeps serving reads, stops signing, until a restart after repair', async () => {
    const tree = t.app.get(LedgerTreeService);
    await tamper(
      t.databaseUrl,
      kind,
      [['DROP TRIGGER ledger_entries_no_update'], [EDIT('15000000', '15000001')]],
      [['ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_immutable'], [EDIT('15000000', '15000001')]],
    );
    expect(await tree.checkAll()).toMatchObject({ status: 'corrupt', firstBadPosition: 3 });

    const head = await t.store.head();
    const res = await refused(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'LEDGER_CORRUPT', detail: expect.stringContaining('position 3') });
    await refused(post(t, '/v1/funds', fund({ reference: 'after-corruption' })));
    expect(await t.store.head()).toBe(head);

    // Reads go on.
    await t.http.get('/v1/ledger/events').set(bearer(KEYS.auditor)).expect(200);
    await t.http.get('/v1/projects/cc-2024-001').set(bearer(KEYS.purchaserJilin)).expect(200);
    const signedBefore = (await t.store.latestCheckpoint())!;
    expect((await t.http.get('/v1/ledger/checkpoint').expect(200)).text).toBe(signedBefore.note);
    const health = await t.http.get('/health').expect(503);
    expect(health.body).toMatchObject({ status: 'corrupt', ledger: { status: 'corrupt', firstBadPosition: 3 } });

    // Whatever reaches the store meanwhile is not signed: neither by the timer nor on a read.
    // (Through the adapter itself: the service's own store would refuse an event outside the catalogue.)
    await t.app.get<EventStore>(LEDGER_ADAPTER).append('behind-the-service', [newEvent('Probe')], { expectedVersion: 'no_stream' });
    await tree.tick();
    await t.http.get('/v1/ledger/checkpoint').expect(200);
    expect((await t.store.latestCheckpoint())!.size).toBe(signedBefore.size);

    // Repairing the row does not lift it in this process: the operator restarts.
    await tamper(
      t.databaseUrl,
      kind,
      [[EDIT('15000001', '15000000')]],
      [[EDIT('15000001', '15000000')], ['ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_immutable']],
    );
    await tree.checkAll();
    await refused(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    await t.app.close(); // and no checkpoint on the way down either
    const store = await openStore(parseDatabaseUrl(t.databaseUrl));
    expect((await store.latestCheckpoint())!.size).toBe(signedBefore.size);
    await store.close();
    restarted = await startTestApp(kind, { DATABASE_URL: t.databaseUrl, LEDGER_DATA_DIR: t.dataDir });
    expect(await restarted.app.get(LedgerTreeService).checkAll()).toMatchObject({ status: 'ok' });
    await expectCreated(post(restarted, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    await restarted.http.get('/health').expect(200);
  });
}

describe('a corrupt ledger [sqlite]', () => corruptSuite('sqlite'));
describePostgres('a corrupt ledger', () => corruptSuite('postgres'));
