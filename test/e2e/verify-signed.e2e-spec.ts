import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import { award, expectCreated, fund, post, registeredProject, tender } from '../support/lifecycle';
import { forgeEntry, Kind, ledgerCli } from '../support/tamper';
import { newEvent } from '../support/events';
import { LedgerTreeService } from '../../src/ledger/tree/ledger-tree.service';
import { openStore } from '../../src/ledger/open-store';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { databaseSource, httpSource } from '../../src/cli/sources';

/** About ten entries, signed after the award (and wherever the timer signed) and at the head. */
async function tenEntries(t: TestApp): Promise<number> {
  await registeredProject(t);
  await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
  await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
  await t.app.get(LedgerTreeService).tick();
  for (let i = 0; i < 5; i++) await expectCreated(post(t, '/v1/funds', fund({ reference: `fund-${i}`, amount: 1000 + i })));
  await t.app.get(LedgerTreeService).tick();
  return t.store.head();
}

function signedSuite(kind: Kind): void {
  let t: TestApp;
  let state: string;
  let open: boolean;
  let head: number;
  beforeEach(async () => {
    t = await startTestApp(kind);
    open = true;
    state = join(mkdtempSync(join(tmpdir(), 'verify-')), 'state.json');
    head = await tenEntries(t);
  });
  afterEach(async () => {
    if (open) await t.close();
    else rmSync(t.dataDir, { recursive: true, force: true });
  });
  const key = () => t.app.get(LedgerTreeService).verifier.text;

  it('reports no unsigned entries when the head is signed, and --require-signed passes', async () => {
    const res = await ledgerCli('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', key(), '--require-signed');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(new RegExp(`^OK: ${head} entries verified; .*checkpoint of ${head} entries`));
    expect(res.out).not.toContain('unsigned');
  });

  it.each([
    ['the first', () => 1],
    ['a middle', () => head - 4],
    ['the last', () => head],
  ])('names %s signed position when a forged entry has a recomputed leaf hash', async (_, at) => {
    const position = at();
    const verifierKey = key();
    await forgeEntry(t.databaseUrl, kind, position);
    const db = await ledgerCli('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', verifierKey);
    expect(db.code).toBe(1);
    expect(db.out).toContain(`the entries do not have the root signed in the checkpoint of size ${head}`);
    expect(db.out).toContain(`first position whose leaf differs from the signed tree: ${position}`);
    expect(db.out).toContain(`(first bad position: ${position})`);
    // Over HTTP too: the service's consistency and inclusion proofs, checked against the signed roots.
    await t.app.listen(0, '127.0.0.1');
    const viaHttp = await ledgerCli(
      'verify',
      '--url',
      await t.app.getUrl(),
      '--api-key',
      KEYS.auditor,
      '--state',
      state,
      '--verifier-key',
      verifierKey,
    );
    expect(viaHttp.code).toBe(1);
    expect(viaHttp.out).toContain(`first position whose leaf differs from the signed tree: ${position}`);
  });

  it("narrows it to the entry or its neighbour when the forger rewrote the tree's leaf too", async () => {
    const verifierKey = key();
    const position = head - 3;
    await forgeEntry(t.databaseUrl, kind, position, { treeLeaf: true });
    const res = await ledgerCli('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', verifierKey);
    expect(res.code).toBe(1);
    // Nothing signed tells two leaves under one node apart, unless a checkpoint falls between them.
    const pair = position % 2 === 1 ? [position, position + 1] : [position - 1, position];
    expect(res.out).toMatch(
      new RegExp(`first position whose leaf differs from the signed tree (: ${position}|is between ${pair[0]} and ${pair[1]} )`),
    );
  });

  it("reads the store's tree nodes over HTTP (from its proofs) exactly as they are in the database", async () => {
    await t.app.listen(0, '127.0.0.1');
    const viaHttp = httpSource(await t.app.getUrl(), KEYS.auditor);
    const db = await databaseSource(t.databaseUrl);
    try {
      for (let level = 0; 2 ** level <= head; level++) {
        for (let index = 0; (index + 1) * 2 ** level <= head; index++) {
          expect((await viaHttp.treeNode(level, index)).toString('base64')).toBe((await db.treeNode(level, index)).toString('base64'));
        }
      }
    } finally {
      await db.close();
    }
  });

  it('reports a forged entry after the last checkpoint as unsigned, and fails with --require-signed', async () => {
    const verifierKey = key();
    await t.app.close(); // signs the head on the way down
    open = false;
    // While the service is down, three entries are added and one of them rewritten, leaf hash and all.
    const store = await openStore(parseDatabaseUrl(t.databaseUrl));
    await store.append('tail', [newEvent('Probe', { n: 1 }), newEvent('Probe', { n: 2 }), newEvent('Probe', { n: 3 })], {
      expectedVersion: 'no_stream',
    });
    await store.close();
    await forgeEntry(t.databaseUrl, kind, head + 2);
    const res = await ledgerCli('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', verifierKey);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(new RegExp(`^OK: ${head + 3} entries verified; .*checkpoint of ${head} entries`));
    expect(res.out).toContain(`unsigned: 3 entries after the last checkpoint (positions ${head + 1}–${head + 3})`);
    const strict = await ledgerCli(
      'verify',
      '--database-url',
      t.databaseUrl,
      '--state',
      state,
      '--verifier-key',
      verifierKey,
      '--require-signed',
    );
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(
      new RegExp(`^FAILED: ${head + 3} entries verified; .*3 entries after the last checkpoint are unsigned \\(--require-signed\\)`),
    );
    expect(strict.out).toContain(`unsigned: 3 entries after the last checkpoint (positions ${head + 1}–${head + 3})`);
  });
}

describe('ledger verify: signed and unsigned entries [sqlite]', () => signedSuite('sqlite'));
describePostgres('ledger verify: signed and unsigned entries', () => signedSuite('postgres'));
