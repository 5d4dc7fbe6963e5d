import { expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, CommandResponse, Page, ProblemBody, ProofBundle } from '../support/bodies';
import { award, contract, contractor, expectCreated, fund, post, project, tender } from '../support/lifecycle';
import { describePostgres } from '../support/postgres-server';
import { ledgerCli, tamper } from '../support/tamper';
import { postgresFiles, scanFiles, ScanResult } from '../support/byte-scan';
import { LedgerTreeService } from '../../src/ledger/tree/ledger-tree.service';
import { ProjectionRunner } from '../../src/projection-runner/projection-runner';

/** Issue 17: erasure of personal data (PIPL art. 47) leaves every proof valid and no trace of the data in the files. */

interface Entry {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  privateDigest?: string;
  private?: Record<string, unknown>;
  privateSalt?: string;
  privateErased?: true;
}

const sentinel = (label: string): string => `ERASE-${label}-${randomBytes(12).toString('hex')}`;
const REASON = { reason: '服务对象本人申请删除其个人信息', legalBasis: '《个人信息保护法》第四十七条' };
/** Occurrences of the erased sentinels (not of the one kept). */
const total = (r: ScanResult, kept: string): number => Object.entries(r.found).reduce((n, [s, count]) => (s === kept ? n : n + count), 0);

function erasureSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let stateDir: string;
  const S = {
    name: sentinel('name'),
    idNumber: sentinel('id'),
    needs: sentinel('needs'),
    projectNote: sentinel('project-note'),
    tenderNote: sentinel('tender-note'),
    contractNote: sentinel('contract-note'),
    otherNote: sentinel('other-project-note'),
  };
  const sentinels = Object.values(S);
  /** The private note of a project nobody erases: it stays in the same table pages, and the scan must still find it. */
  const KEPT = sentinel('kept-note');
  let entries: Entry[];
  let bundlesBefore: Map<number, ProofBundle['entry']>;

  const events = async (): Promise<Entry[]> =>
    bodyOf<Page<Entry>>(await t.http.get('/v1/ledger/events?limit=1000').set(bearer(KEYS.auditor)).expect(200)).items;
  const erase = (body: unknown, key: string = KEYS.admin) => post(t, '/v1/admin/erasures', body, key);
  const positionOf = (type: string, streamId: string): number => entries.find((e) => e.type === type && e.streamId === streamId)!.position;

  /** The bytes where the store keeps the ledger: SQLite's file and its WAL; PostgreSQL's ledger_private, database directory and WAL. */
  async function scan(): Promise<Record<string, ScanResult>> {
    if (kind === 'sqlite') {
      const file = t.databaseUrl.slice('sqlite://'.length);
      return { 'ledger.db': scanFiles([file], [...sentinels, KEPT]), 'ledger.db-wal': scanFiles([`${file}-wal`], [...sentinels, KEPT]) };
    }
    const files = await postgresFiles(t.databaseUrl);
    return {
      ledger_private: scanFiles(files.privateTable, [...sentinels, KEPT]),
      'database directory': scanFiles(files.databaseDir, [...sentinels, KEPT]),
      pg_wal: scanFiles(files.wal, [...sentinels, KEPT]),
    };
  }

  const report = (scans: Record<string, ScanResult>): string =>
    Object.entries(scans)
      .map(
        ([f, r]) =>
          `${f}: ${r.files} files, ${r.bytes} bytes scanned, ${total(r, KEPT)} erased-sentinel and ${r.found[KEPT]} kept-sentinel occurrences`,
      )
      .join('; ');

  beforeAll(async () => {
    t = await startTestApp(kind);
    stateDir = mkdtempSync(join(tmpdir(), 'erasure-verify-'));
    const j = KEYS.purchaserJilin;
    await expectCreated(post(t, '/v1/funds', fund()));
    await expectCreated(post(t, '/v1/contractors', contractor(), j));
    const recipients = [{ name: S.name, idNumber: S.idNumber, needs: S.needs }];
    await expectCreated(post(t, '/v1/projects', project({ recipients, internalNote: S.projectNote }), j));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender({ internalNote: S.tenderNote }), j));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), j));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract({ internalNote: S.contractNote }), j));
    await expectCreated(post(t, '/v1/projects', project({ projectId: 'cc-2024-002', budget: 1_000_000, internalNote: S.otherNote }), j));
    await expectCreated(post(t, '/v1/projects', project({ projectId: 'cc-2024-004', budget: 1_000_000, internalNote: KEPT }), j));
    entries = await events();
    await t.app.get(LedgerTreeService).tick();
    bundlesBefore = new Map();
    for (const e of entries) {
      const bundle = bodyOf<ProofBundle>(await t.http.get(`/v1/ledger/entries/${e.position}/proof`).set(bearer(KEYS.auditor)).expect(200));
      bundlesBefore.set(e.position, bundle.entry);
    }
  });
  afterAll(async () => {
    rmSync(stateDir, { recursive: true, force: true });
    await t.close();
  });

  it('finds every sentinel in the raw store files before the erasure (the scan works)', async () => {
    const before = await scan();
    const where = kind === 'sqlite' ? ['ledger.db', 'ledger.db-wal'] : ['ledger_private'];
    for (const s of sentinels) expect(where.reduce((n, f) => n + before[f].found[s], 0)).toBeGreaterThan(0);
    console.log(`[erasure ${kind}] BEFORE: ${report(before)}`);
  });

  it('refuses, appending nothing: a non-admin (403), an entry without a private part (422 NOTHING_TO_ERASE), unknown targets (404), bad bodies (400)', async () => {
    const head = await t.store.head();
    const fundPosition = positionOf('FundAllocated', 'fund-220102-2024');
    const refusals: [unknown, string, number, string][] = [
      [{ position: fundPosition, ...REASON }, KEYS.purchaserJilin, 403, 'FORBIDDEN'],
      [{ position: fundPosition, ...REASON }, KEYS.auditor, 403, 'FORBIDDEN'],
      [{ position: fundPosition, ...REASON }, KEYS.admin, 422, 'NOTHING_TO_ERASE'],
      [{ position: head + 1, ...REASON }, KEYS.admin, 404, 'NOT_FOUND'],
      [{ projectId: 'no-such-project', ...REASON }, KEYS.admin, 404, 'NOT_FOUND'],
      [{ ...REASON }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ position: 3, projectId: 'cc-2024-001', ...REASON }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ position: 0, ...REASON }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ position: '3', ...REASON }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ position: 3, reason: '', legalBasis: REASON.legalBasis }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ position: 3, reason: REASON.reason }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ position: 3, ...REASON, extra: true }, KEYS.admin, 400, 'VALIDATION_FAILED'],
      [{ projectId: 'bad id!', ...REASON }, KEYS.admin, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, key, status, code] of refusals) {
      const res = await erase(body, key);
      expect([JSON.stringify(body), res.status, bodyOf<ProblemBody>(res).code]).toEqual([JSON.stringify(body), status, code]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await t.store.head()).toBe(head);
    const { detail } = bodyOf<ProblemBody>(await erase({ position: fundPosition, ...REASON }));
    expect(detail).toContain('PIPL art. 47');
  });

  it('erases one entry by position: PrivateDataErased names it, the entry keeps its digest and shows privateErased; a repeat appends nothing', async () => {
    const target = positionOf('ProjectRegistered', 'project-cc-2024-002');
    const res = bodyOf<CommandResponse>(await expectCreated(erase({ position: target, ...REASON })));
    expect(res.streamId).toBe('erasures');
    const after = await events();
    const erasure = after.find((e) => e.position === res.position)!;
    expect(erasure).toMatchObject({ type: 'PrivateDataErased', streamId: 'erasures', data: { positions: [target], ...REASON } });
    expect(JSON.stringify(erasure)).not.toContain(S.otherNote);
    const entry = after.find((e) => e.position === target)!;
    expect(entry).toMatchObject({ privateErased: true, privateDigest: entries.find((e) => e.position === target)!.privateDigest });
    expect(entry.private).toBeUndefined();
    expect(entry.privateSalt).toBeUndefined();

    const head = await t.store.head();
    const again = await erase({ position: target, reason: 'again', legalBasis: 'again' });
    expect([again.status, bodyOf<CommandResponse>(again)]).toEqual([200, { ...res, version: 1 }]);
    expect(await t.store.head()).toBe(head);
  });

  it('erases every entry of a project with a private part by projectId, once: only those not erased before, then 200 with the earlier erasure', async () => {
    const expected = entries
      .filter((e) => ['project-cc-2024-001', 'contract-cc-2024-001-c1'].includes(e.streamId) && e.privateDigest !== undefined)
      .map((e) => e.position);
    expect(expected.length).toBe(3);
    // The tender's note first, by position: the project's erasure then names only the other two.
    const tenderPosition = positionOf('TenderPublished', 'project-cc-2024-001');
    const first = bodyOf<CommandResponse>(await expectCreated(erase({ position: tenderPosition, ...REASON })));
    const res = bodyOf<CommandResponse>(await expectCreated(erase({ projectId: 'cc-2024-001', ...REASON })));
    const after = await events();
    expect(after.find((e) => e.position === res.position)!.data).toEqual({
      positions: expected.filter((p) => p !== tenderPosition),
      projectId: 'cc-2024-001',
      ...REASON,
    });
    for (const p of expected) expect(after.find((e) => e.position === p)).toMatchObject({ privateErased: true });
    // Entries that never had a private part are not marked.
    for (const e of after.filter((x) => x.privateDigest === undefined)) expect(e.privateErased).toBeUndefined();

    const head = await t.store.head();
    const again = await erase({ projectId: 'cc-2024-001', ...REASON });
    // The last of the earlier erasures, and the ids of both.
    expect([again.status, bodyOf<CommandResponse>(again)]).toEqual([
      200,
      { streamId: 'erasures', version: res.version, position: res.position, eventIds: [...first.eventIds, ...res.eventIds] },
    ]);
    expect(await t.store.head()).toBe(head);
    // A project none of whose entries has a private part is refused.
    await expectCreated(post(t, '/v1/projects', project({ projectId: 'cc-2024-003', budget: 1_000_000 }), KEYS.purchaserJilin));
    const plain = await erase({ projectId: 'cc-2024-003', ...REASON });
    expect([plain.status, bodyOf<ProblemBody>(plain).code]).toEqual([422, 'NOTHING_TO_ERASE']);
  });

  it('leaves no sentinel in the store files afterwards (SQLite: file and WAL; PostgreSQL: ledger_private and the database directory)', async () => {
    const after = await scan();
    console.log(`[erasure ${kind}] AFTER: ${report(after)}`);
    const checked = kind === 'sqlite' ? ['ledger.db', 'ledger.db-wal'] : ['ledger_private', 'database directory'];
    for (const f of checked) expect([f, total(after[f], KEPT)]).toEqual([f, 0]);
    // The private part nobody erased is still there, in the same table: the scan reads live pages.
    expect(checked.reduce((n, f) => n + after[f].found[KEPT], 0)).toBeGreaterThan(0);
  });

  it('no read or export holds the data: raw events (JSON, CSV), history, disclosure, OCDS', async () => {
    const a = bearer(KEYS.auditor);
    const head = await t.store.head();
    const pages = [
      await t.http.get('/v1/ledger/events?limit=1000').set(a),
      await t.http.get('/v1/ledger/events?limit=1000').set(a).set('Accept', 'text/csv'),
      await t.http.get(`/v1/projects/cc-2024-001/history?minPosition=${head}`).set(a),
      await t.http.get('/v1/projects/cc-2024-002/history').set(a),
      await t.http.get('/v1/projects/cc-2024-001').set(a),
      await t.http.get('/v1/disclosure/projects/cc-2024-001'),
      await t.http.get('/v1/disclosure/ocds/releases'),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      for (const s of sentinels) expect(page.text).not.toContain(s);
    }
    expect(pages[1].text.split('\n')[0]).toContain('privateDigest,privateErased,leafHash');
    // Every read model took the erasures in its stride (none fails on the new event type).
    const runner = t.app.get(ProjectionRunner);
    expect(
      await runner.waitFor(
        (await runner.statuses()).map((p) => p.name),
        head,
        5000,
      ),
    ).toBe(true);
    expect((await runner.statuses()).filter((p) => p.status !== 'running')).toEqual([]);
    // The project's history shows its erasure.
    const history = bodyOf<{ items: Entry[] }>(pages[2]).items;
    expect(history.filter((e) => e.type === 'PrivateDataErased').map((e) => e.data.projectId ?? null)).toEqual([null, 'cc-2024-001']);
    expect(history.filter((e) => e.privateErased).length).toBe(3);
  });

  it('keeps every proof: the public bundles are unchanged and check, and ledger verify passes', async () => {
    await t.app.get(LedgerTreeService).tick();
    const key = t.app.get(LedgerTreeService).verifier.text;
    for (const [position, entry] of bundlesBefore) {
      const bundle = bodyOf<ProofBundle>(await t.http.get(`/v1/ledger/entries/${position}/proof`).set(bearer(KEYS.auditor)).expect(200));
      expect(bundle.entry).toEqual(entry);
      const file = join(stateDir, `bundle-${position}.json`);
      writeFileSync(file, JSON.stringify(bundle));
      expect(await ledgerCli('check-proof', file, '--verifier-key', key)).toMatchObject({ code: 0 });
    }
    const state = join(stateDir, 'state.json');
    const db = await ledgerCli('verify', '--database-url', t.databaseUrl, '--state', state, '--verifier-key', key);
    expect(db).toEqual({ code: 0, out: expect.stringMatching(/^OK: \d+ entries verified/) });
    await t.app.listen(0, '127.0.0.1');
    const viaHttp = await ledgerCli('verify', '--url', await t.app.getUrl(), '--api-key', KEYS.auditor, '--state', state);
    expect(viaHttp.code).toBe(0);
  });

  it('ledger verify still fails a private part that no longer matches its digest (one not erased)', async () => {
    const kept = entries.find((e) => e.streamId === 'project-cc-2024-004' && e.type === 'ProjectRegistered')!.position;
    const edited = `{"internalNote":"${sentinel('forged')}"}`;
    await tamper(
      t.databaseUrl,
      kind,
      [['DROP TRIGGER ledger_private_no_update'], ['UPDATE ledger_private SET content = ? WHERE position = ?', edited, kept]],
      [
        ['ALTER TABLE ledger_private DISABLE TRIGGER ledger_private_immutable'],
        ['UPDATE ledger_private SET content = $1 WHERE position = $2', edited, kept],
      ],
    );
    const res = await ledgerCli('verify', '--database-url', t.databaseUrl, '--state', join(stateDir, 'state.json'));
    expect(res.code).toBe(1);
    expect(res.out).toContain(`the private part of entry ${kept} does not match its privateDigest`);
  });
}

describe('erasure of personal data [sqlite]', () => erasureSuite('sqlite'));
describePostgres('erasure of personal data', () => erasureSuite('postgres'));
