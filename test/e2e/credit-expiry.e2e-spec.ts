import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { LedgerEvent } from '../../events';
import { StreamIds, streamOf } from '../../events/streams';
import { CreditPublicationExpiry, expiryEventId } from '../../src/credit/expiry/credit-publication-expiry.service';
import type { LedgerEntry } from '../../src/ledger/event-store.port';
import { LedgerWriter } from '../../src/ledger/ledger-writer';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { contractor, CONTRACTOR, creditRepair, expectCreated, penaltyDecision, post, signedContract } from '../support/lifecycle';

/**
 * The end of publication periods (issue 14): CreditPublicationEnded appended by the service itself, at the
 * first run after 00:00 China Standard Time of the day after publishedUntil, exactly once per record, with
 * a clock the test moves (no sleeping).
 */
const AUTHORITY = { name: '长春市民政局', uscc: '11220100MB1234567K' };
/** 23:59:59.999 in Changchun on 2027-04-30, the last day of the due records' period. */
const BEFORE_MIDNIGHT = new Date('2027-04-30T15:59:59.999Z');
const MIDNIGHT = new Date('2027-04-30T16:00:00.000Z');
const DUE = Array.from({ length: 12 }, (_, i) => `pen-due-${i + 1}`);

const C = 'cc-2024-001-c1';
/** In every seeded entry's private part: no credit or public route may show it. */
const SENTINEL = 'SENTINEL-EXPIRY-NOTE';
const decision = (penaltyId: string) => ({
  decisionNumber: `长民罚〔2026〕${penaltyId}号`,
  legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
  authority: AUTHORITY,
  severity: 'serious' as const,
  publicationMonths: 12,
  publishedFrom: '2026-05-01',
});

/** A serious penalty with its dishonesty record, published from 2026-05-01 until `publishedUntil`. */
const penalised = (penaltyId: string, publishedUntil: string): LedgerEvent[] => [
  {
    type: 'PenaltyImposed',
    schemaVersion: 3,
    data: {
      penaltyId,
      contractId: C,
      projectId: 'cc-2024-001',
      contractorUscc: CONTRACTOR,
      violationIds: ['v-1'],
      evaluationIds: [],
      rectificationDeadline: null,
      decidedAt: '2026-05-01',
      violationType: ['fraud'],
      facts: '伪造服务记录',
      penaltyCategories: ['warning'],
      content: '警告，列入失信记录',
      dataSource: AUTHORITY,
      terminateContract: false,
      publishDishonestyRecord: true,
      ...decision(penaltyId),
      publishedUntil,
    },
  },
  {
    type: 'DishonestyRecordPublished',
    schemaVersion: 2,
    data: {
      uscc: CONTRACTOR,
      penaltyId,
      contractId: C,
      violationIds: ['v-1'],
      publishedAt: '2026-05-01',
      ...decision(penaltyId),
      publishedUntil,
    },
  },
];

/** A general penalty (published, no dishonesty record), as the penalties command appends it. */
const generalPenalty = (penaltyId: string, publishedUntil: string): LedgerEvent => {
  const [imposed] = penalised(penaltyId, publishedUntil);
  if (imposed.type !== 'PenaltyImposed') throw new Error('penalised() starts with PenaltyImposed');
  return {
    ...imposed,
    data: { ...imposed.data, severity: 'general', publicationMonths: 12, publishDishonestyRecord: false, content: '警告' },
  };
};

/** Seeds facts the penalties command would have appended (its own e2e covers it), straight through the store. */
async function append(t: TestApp, events: readonly LedgerEvent[]): Promise<number> {
  let position = 0;
  for (const event of events) {
    const result = await t.store.commit([
      {
        streamId: streamOf(event),
        expectedVersion: 'any',
        events: [
          {
            eventId: randomUUID(),
            type: event.type,
            schemaVersion: event.schemaVersion,
            data: event.data,
            private: { internalNote: SENTINEL },
            metadata: { actor: 'test', role: 'admin', correlationId: randomUUID(), causationId: randomUUID() },
          },
        ],
      },
    ]);
    position = result.position;
  }
  return position;
}

const ends = async (t: TestApp): Promise<LedgerEntry[]> =>
  (await t.store.readStream(StreamIds.contractor(CONTRACTOR))).filter((e) => e.type === 'CreditPublicationEnded');

async function list(t: TestApp, asOf: string, minPosition: number): Promise<string[]> {
  const res = await t.http
    .get('/v1/credit/dishonesty')
    .query({ asOf, minPosition, limit: 1000 })
    .set(bearer(KEYS.creditPlatform))
    .expect(200);
  return (res.body as { items: { penaltyId: string }[] }).items.map((i) => i.penaltyId);
}

interface Item {
  readonly penaltyId: string;
  readonly status: string;
}

function expirySuite(kind: 'sqlite' | 'postgres'): void {
  let now = BEFORE_MIDNIGHT;
  const clock = (): Date => now;
  let a: TestApp;
  let dataDir: string;
  let head: number;
  const record = async (key: string, minPosition: number): Promise<Item[]> =>
    (
      (await a.http.get(`/v1/credit/contractors/${CONTRACTOR}`).query({ minPosition }).set(bearer(key)).expect(200)).body as {
        dishonestyRecords: Item[];
      }
    ).dishonestyRecords;
  const disclosed = async (minPosition: number): Promise<Item[]> =>
    (
      (await a.http.get('/v1/disclosure/projects/cc-2024-001').query({ minPosition }).expect(200)).body as {
        contracts: { dishonestyRecords: Item[] }[];
      }
    ).contracts[0].dishonestyRecords;

  beforeAll(async () => {
    a = await startTestApp(kind, {}, clock);
    dataDir = a.dataDir;
    // Through the API up to the announced contract; the penalties themselves are seeded (their command has its own suite).
    await signedContract(a);
    await expectCreated(
      post(a, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1' }, KEYS.purchaserJilin),
    );
    head = await append(a, [
      ...DUE.flatMap((id) => penalised(id, '2027-04-30')),
      ...penalised('pen-later', '2027-05-31'),
      ...penalised('pen-withdrawn', '2027-04-30'),
      {
        type: 'DishonestyRecordWithdrawn',
        schemaVersion: 1,
        data: { uscc: CONTRACTOR, penaltyId: 'pen-withdrawn', withdrawnAt: '2026-09-01', reason: '复议撤销' },
      },
      ...penalised('pen-repaired', '2027-04-30'),
      {
        type: 'CreditRepaired',
        schemaVersion: 2,
        data: {
          uscc: CONTRACTOR,
          penaltyId: 'pen-repaired',
          penaltyIds: ['pen-repaired'],
          repairedAt: '2026-11-02',
          basis: '长民信修〔2026〕1号',
          commitment: '信用承诺书',
          obligationsFulfilled: true,
          finePaidOn: null,
        },
      },
    ]);
  });
  afterAll(async () => {
    await a.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists a record until publishedUntil and not from the next day, before CreditPublicationEnded exists; a repaired one never', async () => {
    expect(await list(a, '2027-04-30', head)).toEqual([...DUE, 'pen-later']);
    expect(await list(a, '2027-05-01', head)).toEqual(['pen-later']);
    // In force then, but repair ended its sharing: no list shows it again.
    expect(await list(a, '2026-08-01', head)).toEqual([...DUE, 'pen-later', 'pen-withdrawn']);
    expect(await ends(a)).toEqual([]);
    const page = await a.http.get('/v1/credit/dishonesty').query({ asOf: '2027-04-30', limit: 1 }).set(bearer(KEYS.auditor)).expect(200);
    expect(page.body).toMatchObject({
      asOf: '2027-04-30',
      items: [
        {
          penaltyId: DUE[0],
          uscc: CONTRACTOR,
          name: '长春市阳光社会工作服务中心',
          decisionNumber: `长民罚〔2026〕${DUE[0]}号`,
          legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
          authority: AUTHORITY,
          severity: 'serious',
          publishedFrom: '2026-05-01',
          publishedUntil: '2027-04-30',
          status: 'published',
        },
      ],
    });
  });

  it('pages the list with keyset cursors: every record once, in publication order', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const res = await a.http
        .get('/v1/credit/dishonesty')
        .query({ asOf: '2027-04-30', limit: 5, ...(after !== undefined ? { after } : {}) })
        .set(bearer(KEYS.creditPlatform))
        .expect(200);
      const body = res.body as { items: Item[]; nextCursor: string };
      seen.push(...body.items.map((i) => i.penaltyId));
      if (body.items.length === 0) break;
      after = body.nextCursor;
    }
    expect(seen).toEqual([...DUE, 'pen-later']);
    for (const query of [{ after: 'nope' }, { limit: '0' }, { limit: '1001' }, { asOf: '2027-02-30' }])
      await a.http.get('/v1/credit/dishonesty').query(query).set(bearer(KEYS.creditPlatform)).expect(400);
  });

  it('shows a repaired record to auditors only, with its history; the public view never', async () => {
    expect((await record(KEYS.creditPlatform, head)).map((r) => r.penaltyId)).not.toContain('pen-repaired');
    expect((await record(KEYS.auditor, head)).find((r) => r.penaltyId === 'pen-repaired')).toMatchObject({
      status: 'repaired',
      endedOn: '2026-11-02',
      history: [
        { status: 'published', on: '2026-05-01' },
        { status: 'repaired', on: '2026-11-02' },
      ],
    });
    const shown = await disclosed(head);
    expect(shown.map((r) => [r.penaltyId, r.status])).toEqual([
      ...[...DUE, 'pen-later'].map((id) => [id, 'published']),
      ['pen-withdrawn', 'withdrawn'],
    ]);
  });

  it('appends nothing before 00:00 UTC+8, then CreditPublicationEnded once per elapsed record at midnight', async () => {
    const expiry = a.app.get(CreditPublicationExpiry);
    expect(await expiry.sweep()).toMatchObject({ today: '2027-04-30', appended: 0 });
    expect(await ends(a)).toEqual([]);
    now = MIDNIGHT;
    // The first call may join a sweep a timer started before the clock moved; the second judges by midnight.
    await expiry.sweep();
    await expiry.sweep();
    const entries = await ends(a);
    expect(entries.map((e) => e.data.penaltyId).sort()).toEqual([...DUE].sort());
    expect(entries[0]).toMatchObject({
      eventId: expiryEventId(entries[0].data.penaltyId as string),
      data: { uscc: CONTRACTOR, endedOn: '2027-05-01', reason: 'period_elapsed' },
      metadata: { actor: 'system', role: 'system' },
    });
    const last = entries[entries.length - 1].position;
    expect((await record(KEYS.creditPlatform, last)).find((r) => r.penaltyId === DUE[0])).toMatchObject({
      status: 'expired',
      publishedFrom: '2026-05-01',
      publishedUntil: '2027-04-30',
      endedOn: '2027-05-01',
    });
    expect(await list(a, '2027-04-30', last)).toEqual([...DUE, 'pen-later']);
    expect(await list(a, '2027-05-01', last)).toEqual(['pen-later']);
    // Asked about a past day, an item says what it was that day (in force: published), and when it ended.
    const past = await a.http
      .get('/v1/credit/dishonesty')
      .query({ asOf: '2027-04-30', limit: 1 })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    expect((past.body as { items: Item[] }).items[0]).toMatchObject({ penaltyId: DUE[0], status: 'published', endedOn: '2027-05-01' });
    // The withdrawn record's period has passed too: out of the public view by the date.
    expect((await disclosed(last)).map((r) => r.penaltyId)).toEqual(['pen-later']);
  });

  it('never shows a private part on the changed routes (sentinel scan)', async () => {
    const h = await a.store.head();
    const responses = await Promise.all([
      a.http.get('/v1/credit/dishonesty').query({ asOf: '2026-08-01', minPosition: h }).set(bearer(KEYS.creditPlatform)),
      a.http.get('/v1/credit/dishonesty').query({ asOf: '2027-04-30' }).set(bearer(KEYS.auditor)),
      a.http.get(`/v1/credit/contractors/${CONTRACTOR}`).set(bearer(KEYS.creditPlatform)),
      a.http.get(`/v1/credit/contractors/${CONTRACTOR}`).set(bearer(KEYS.auditor)),
      a.http.get('/v1/disclosure/projects/cc-2024-001'),
      a.http.get('/v1/credit/feed').query({ limit: 1000 }).set(bearer(KEYS.creditPlatform)),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(SENTINEL);
    }
    // The sentinel is in the ledger: the scan would see it if a route leaked it.
    expect((await a.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor))).text).toContain(SENTINEL);
  });

  it('catches up at start after downtime, and a restart appends nothing twice', async () => {
    await a.app.close();
    now = new Date('2027-06-03T02:00:00.000Z');
    const b = await startTestApp(kind, { DATABASE_URL: a.databaseUrl, LEDGER_DATA_DIR: dataDir }, clock);
    try {
      await b.app.get(CreditPublicationExpiry).settled();
      const entries = await ends(b);
      expect(entries.map((e) => e.data.penaltyId).sort()).toEqual([...DUE, 'pen-later'].sort());
      // Ended on the day after its period, not on the day the service came back.
      expect(entries.find((e) => e.data.penaltyId === 'pen-later')?.data.endedOn).toBe('2027-06-01');
      expect(await b.app.get(CreditPublicationExpiry).sweep()).toMatchObject({ appended: 0 });
      expect(await ends(b)).toHaveLength(DUE.length + 1);
    } finally {
      await b.close();
      a = await startTestApp(kind, { DATABASE_URL: a.databaseUrl, LEDGER_DATA_DIR: dataDir }, clock);
    }
  });

  it('ends at once a record published with its period already over', async () => {
    // `a` was restarted on 2027-06-03 (the test above) and has swept.
    const expiry = a.app.get(CreditPublicationExpiry);
    await expiry.settled();
    // Written as the command runner writes (LedgerWriter tells in-process listeners), not straight to the store.
    const [imposed, record] = penalised('pen-late', '2027-01-31');
    await a.app.get(LedgerWriter).commit(
      [imposed, record].map((event) => ({
        streamId: streamOf(event),
        expectedVersion: 'any' as const,
        events: [
          {
            eventId: randomUUID(),
            type: event.type,
            schemaVersion: event.schemaVersion,
            data: event.data,
            metadata: { actor: 'test', role: 'admin', correlationId: 'late', causationId: 'late' },
          },
        ],
      })),
    );
    await expiry.settled();
    expect((await ends(a)).find((e) => e.data.penaltyId === 'pen-late')).toMatchObject({ data: { endedOn: '2027-02-01' } });
  });

  it('ends at once a penalty without a record decided with its period already over', async () => {
    const expiry = a.app.get(CreditPublicationExpiry);
    await expiry.settled();
    const imposed = generalPenalty('pen-late-general', '2027-02-28');
    await a.app.get(LedgerWriter).commit([
      {
        streamId: streamOf(imposed),
        expectedVersion: 'any',
        events: [
          {
            eventId: randomUUID(),
            type: imposed.type,
            schemaVersion: imposed.schemaVersion,
            data: imposed.data,
            metadata: { actor: 'test', role: 'admin', correlationId: 'late', causationId: 'late' },
          },
        ],
      },
    ]);
    await expiry.settled();
    const ended = (await ends(a)).filter((e) => e.data.penaltyId === 'pen-late-general');
    expect(ended).toMatchObject([{ eventId: expiryEventId('pen-late-general'), data: { endedOn: '2027-03-01' } }]);
  });
}

describe('publication periods end on the ledger [sqlite]', () => expirySuite('sqlite'));
describePostgres('publication periods end on the ledger', () => expirySuite('postgres'));

describePostgres('two instances on one database at midnight', () => {
  it('append one CreditPublicationEnded per record, whoever wins', async () => {
    let now = BEFORE_MIDNIGHT;
    const clock = (): Date => now;
    const a = await startTestApp('postgres', {}, clock);
    const b = await startTestApp('postgres', { DATABASE_URL: a.databaseUrl, LEDGER_DATA_DIR: a.dataDir }, clock);
    try {
      await expectCreated(post(a, '/v1/contractors', contractor(), KEYS.purchaserJilin));
      const head = await append(
        a,
        DUE.flatMap((id) => penalised(id, '2027-04-30')),
      );
      for (const t of [a, b]) await t.app.get(CreditPublicationExpiry).settled();
      expect(await b.app.get(CreditPublicationExpiry).sweep()).toMatchObject({ appended: 0, complete: true });
      now = MIDNIGHT;
      // Both at once: each record is due on both instances in the same instant. A pass a background timer began
      // before midnight is joined by sweep() and reports the day before: sweep again for the pass of the new day.
      const atMidnight = async (t: TestApp): Promise<Awaited<ReturnType<CreditPublicationExpiry['sweep']>>> => {
        for (;;) {
          const r = await t.app.get(CreditPublicationExpiry).sweep();
          if (r.today === '2027-05-01') return r;
        }
      };
      const [ra, rb] = await Promise.all([a, b].map(atMidnight));
      expect([ra.due, rb.due]).toEqual([DUE.length, DUE.length]);
      const entries = await ends(a);
      expect(entries.map((e) => e.data.penaltyId).sort()).toEqual([...DUE].sort());
      expect(new Set(entries.map((e) => e.eventId)).size).toBe(DUE.length);
      // What the two report appending never exceeds what is there (a background timer may have taken some).
      expect(ra.appended + rb.appended).toBeLessThanOrEqual(DUE.length);
      expect(await a.store.head()).toBe(head + DUE.length);
    } finally {
      await b.app.close();
      await a.close();
    }
  });
});

describePostgres('two instances on one database at midnight, penalties without a record', () => {
  it('append one CreditPublicationEnded per penalty, whoever wins', async () => {
    let now = BEFORE_MIDNIGHT;
    const clock = (): Date => now;
    const a = await startTestApp('postgres', {}, clock);
    const b = await startTestApp('postgres', { DATABASE_URL: a.databaseUrl, LEDGER_DATA_DIR: a.dataDir }, clock);
    try {
      await expectCreated(post(a, '/v1/contractors', contractor(), KEYS.purchaserJilin));
      const head = await append(
        a,
        DUE.map((id) => generalPenalty(id, '2027-04-30')),
      );
      for (const t of [a, b]) await t.app.get(CreditPublicationExpiry).settled();
      expect(await b.app.get(CreditPublicationExpiry).sweep()).toMatchObject({ penaltiesDue: 0, appended: 0, complete: true });
      now = MIDNIGHT;
      const [ra, rb] = await Promise.all([a, b].map((t) => t.app.get(CreditPublicationExpiry).sweep()));
      expect([ra.penaltiesDue, rb.penaltiesDue]).toEqual([DUE.length, DUE.length]);
      const entries = await ends(a);
      expect(entries.map((e) => e.data.penaltyId).sort()).toEqual([...DUE].sort());
      expect(entries.map((e) => e.eventId).sort()).toEqual(DUE.map(expiryEventId).sort());
      expect(ra.appended + rb.appended).toBeLessThanOrEqual(DUE.length);
      expect(await a.store.head()).toBe(head + DUE.length);
    } finally {
      await b.app.close();
      await a.close();
    }
  });
});

/** Two records through the commands (API.md): one runs its period out, the other is repaired. */
function lifeSuite(kind: 'sqlite' | 'postgres'): void {
  it('a record published by a penalty, listed with its decision, expired by the service; another repaired', async () => {
    let now = new Date('2024-11-02T02:00:00.000Z');
    const t = await startTestApp(kind, {}, () => now);
    const buyer = KEYS.purchaserJilin;
    try {
      await signedContract(t);
      await expectCreated(post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1' }, buyer));
      const violation = { kind: 'fraud', severity: 'serious', occurredAt: '2024-10-05', description: '伪造服务记录' };
      await expectCreated(post(t, `/v1/contracts/${C}/violations`, { violationId: 'v-1', ...violation }, buyer));
      await expectCreated(post(t, `/v1/contracts/${C}/violations`, { violationId: 'v-2', ...violation }, buyer));
      const penalty = (penaltyId: string, violationId: string, publicationMonths: number, decisionNumber: string) =>
        expectCreated(
          post(
            t,
            `/v1/contracts/${C}/penalties`,
            {
              penaltyId,
              violationIds: [violationId],
              decidedAt: '2024-11-01',
              ...penaltyDecision({ decisionNumber }),
              publishDishonestyRecord: true,
              publicationMonths,
            },
            buyer,
          ),
        );
      await penalty('pen-1', 'v-1', 6, '南民罚决字〔2024〕第1号');
      const head = ((await penalty('pen-2', 'v-2', 12, '南民罚决字〔2024〕第2号')).body as { position: number }).position;
      const page = await t.http
        .get('/v1/credit/dishonesty')
        .query({ asOf: '2024-11-01', minPosition: head })
        .set(bearer(KEYS.creditPlatform))
        .expect(200);
      expect((page.body as { items: Item[] }).items).toMatchObject([
        {
          penaltyId: 'pen-1',
          uscc: CONTRACTOR,
          name: '长春市阳光社会工作服务中心',
          decisionNumber: '南民罚决字〔2024〕第1号',
          legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
          authority: penaltyDecision().authority,
          severity: 'serious',
          publishedFrom: '2024-11-01',
          publishedUntil: '2025-04-30',
          status: 'published',
        },
        { penaltyId: 'pen-2', publishedUntil: '2025-10-31', status: 'published' },
      ]);

      now = new Date('2025-04-30T16:00:00.000Z'); // 00:00 on 2025-05-01 in Changchun
      const expiry = t.app.get(CreditPublicationExpiry);
      await expiry.settled();
      expect(await expiry.sweep()).toMatchObject({ today: '2025-05-01', appended: 1 });
      const [ended] = await ends(t);
      expect(ended.data).toEqual({ penaltyId: 'pen-1', uscc: CONTRACTOR, endedOn: '2025-05-01', reason: 'period_elapsed' });
      expect(await list(t, '2025-04-30', ended.position)).toEqual(['pen-1', 'pen-2']);
      expect(await list(t, '2025-05-01', ended.position)).toEqual(['pen-2']);

      now = new Date('2025-06-02T02:00:00.000Z');
      const repaired = await expectCreated(
        post(t, `/v1/contractors/${CONTRACTOR}/credit-repair`, creditRepair({ penaltyId: 'pen-2' }), buyer),
      );
      // An ended record is not repaired again, nor is an expired one: 409, nothing appended.
      for (const penaltyId of ['pen-1', 'pen-2'])
        expect((await post(t, `/v1/contractors/${CONTRACTOR}/credit-repair`, creditRepair({ penaltyId }), buyer)).status).toBe(409);
      const at = (repaired.body as { position: number }).position;
      expect(await t.store.head()).toBe(at);
      expect(await list(t, '2024-11-01', at)).toEqual(['pen-1']);
      expect(await list(t, '2025-05-31', at)).toEqual([]);
      const audited = await t.http
        .get(`/v1/credit/contractors/${CONTRACTOR}`)
        .query({ minPosition: at })
        .set(bearer(KEYS.auditor))
        .expect(200);
      // The decision items a platform publishes are in the record too, on the penalty and on its dishonesty record.
      const decision = {
        decisionNumber: '南民罚决字〔2024〕第1号',
        legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
        authority: penaltyDecision().authority,
        severity: 'serious',
      };
      expect((audited.body as { penalties: unknown[] }).penalties[0]).toMatchObject({
        penaltyId: 'pen-1',
        ...decision,
        facts: '承接主体伪造服务记录',
        penaltyCategories: ['fine'],
        content: '罚款',
        dataSource: penaltyDecision().authority,
        publishedFrom: '2024-11-01',
        publishedUntil: '2025-04-30',
        status: 'imposed',
      });
      expect((audited.body as { dishonestyRecords: unknown[] }).dishonestyRecords).toMatchObject([
        { penaltyId: 'pen-1', ...decision, status: 'expired', endedOn: '2025-05-01' },
        {
          penaltyId: 'pen-2',
          status: 'repaired',
          endedOn: '2025-06-01',
          history: [{ status: 'published' }, { status: 'repaired', on: '2025-06-01' }],
        },
      ]);
      const shared = await t.http.get(`/v1/credit/contractors/${CONTRACTOR}`).set(bearer(KEYS.creditPlatform)).expect(200);
      expect((shared.body as { dishonestyRecords: Item[] }).dishonestyRecords.map((r) => [r.penaltyId, r.status])).toEqual([
        ['pen-1', 'expired'],
      ]);
      const disclosure = await t.http.get('/v1/disclosure/projects/cc-2024-001').query({ minPosition: at }).expect(200);
      expect((disclosure.body as { contracts: { dishonestyRecords: Item[] }[] }).contracts[0].dishonestyRecords).toEqual([]);
    } finally {
      await t.close();
    }
  });
}

describe('the life of a record through the API [sqlite]', () => lifeSuite('sqlite'));
describePostgres('the life of a record through the API', () => lifeSuite('postgres'));

interface XzcfItem {
  readonly CF_WSH: string;
  readonly CF_NR: string;
  readonly CF_GSJZQ: string;
  readonly BZ: string;
}
interface FeedItem {
  readonly type: string;
  readonly data: { readonly penaltyId?: string };
}

/**
 * A penalty is published too, with or without a dishonesty record (DOMAIN.md "Publication of penalties and
 * dishonesty records"): a general penalty (no record) gets its own CreditPublicationEnded; a revoked one none;
 * a serious one with a record exactly one, not a second for the penalty.
 */
function penaltySuite(kind: 'sqlite' | 'postgres'): void {
  it('a general penalty without a record ends once, shows 公示期满 in xzcf and in the feed; revoked none; with a record one', async () => {
    let now = new Date('2024-11-02T02:00:00.000Z');
    const t = await startTestApp(kind, {}, () => now);
    const buyer = KEYS.purchaserJilin;
    try {
      await signedContract(t);
      await expectCreated(post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1' }, buyer));
      const violation = { kind: 'service_failure', occurredAt: '2024-10-05', description: '未按约定频次入户' };
      await expectCreated(post(t, `/v1/contracts/${C}/violations`, { violationId: 'v-g', severity: 'general', ...violation }, buyer));
      await expectCreated(post(t, `/v1/contracts/${C}/violations`, { violationId: 'v-r', severity: 'general', ...violation }, buyer));
      await expectCreated(post(t, `/v1/contracts/${C}/violations`, { violationId: 'v-s', severity: 'serious', ...violation }, buyer));
      const penalty = (penaltyId: string, violationId: string, publicationMonths: number, n: number, record: boolean) =>
        expectCreated(
          post(
            t,
            `/v1/contracts/${C}/penalties`,
            {
              penaltyId,
              violationIds: [violationId],
              decidedAt: '2024-11-01',
              ...penaltyDecision({ decisionNumber: `南民罚决字〔2024〕第${n}号` }),
              publishDishonestyRecord: record,
              publicationMonths,
            },
            buyer,
          ),
        );
      // 发改办财金〔2019〕527号 (decided before 2026-04-01): general 3–12 months, serious 6–36.
      await penalty('pen-g', 'v-g', 3, 11, false);
      await penalty('pen-r', 'v-r', 3, 12, false);
      await penalty('pen-s', 'v-s', 6, 13, true);
      await expectCreated(post(t, '/v1/penalties/pen-r/revocation', { decidedAt: '2024-11-02', reason: '行政复议撤销' }, buyer));
      const expiry = t.app.get(CreditPublicationExpiry);
      await expiry.settled();
      expect(await expiry.sweep()).toMatchObject({ today: '2024-11-02', appended: 0 });

      // 00:00 on 2025-02-01 in Changchun: pen-g's period (until 2025-01-31) is over; pen-r's would be, but it was revoked.
      now = new Date('2025-01-31T16:00:00.000Z');
      await expiry.settled();
      await expiry.sweep();
      expect(await expiry.sweep()).toMatchObject({ today: '2025-02-01', appended: 0, complete: true });
      const [ended, ...more] = await ends(t);
      expect(more).toEqual([]);
      const imposed = (await t.store.readStream(StreamIds.penalty('pen-g'))).find((e) => e.type === 'PenaltyImposed');
      expect(ended).toMatchObject({
        eventId: expiryEventId('pen-g'),
        data: { penaltyId: 'pen-g', uscc: CONTRACTOR, endedOn: '2025-02-01', reason: 'period_elapsed' },
        metadata: { actor: 'system', role: 'system', causationId: imposed?.eventId },
      });

      const xzcf = await t.http
        .get('/v1/credit/penalties/xzcf')
        .query({ minPosition: ended.position })
        .set(bearer(KEYS.creditPlatform))
        .expect(200);
      const items = (xzcf.body as { items: XzcfItem[] }).items;
      // Moved to the end as a withdrawal notice; pen-r before it (revoked), pen-s still published.
      expect(items.map((i) => i.CF_WSH)).toEqual(['南民罚决字〔2024〕第13号', '南民罚决字〔2024〕第12号', '南民罚决字〔2024〕第11号']);
      expect(items[2]).toMatchObject({
        CF_NR: '',
        CF_GSJZQ: '2025-01-31',
        BZ: '账本处罚编号：pen-g；状态：公示期满，自2025-02-01起不再公示',
      });
      expect(items[0].CF_NR).not.toBe('');

      const feed = await t.http.get('/v1/credit/feed').query({ limit: 1000 }).set(bearer(KEYS.creditPlatform)).expect(200);
      const endedItems = (feed.body as { items: FeedItem[] }).items.filter((i) => i.type === 'CreditPublicationEnded');
      expect(endedItems).toMatchObject([{ data: { penaltyId: 'pen-g', endedOn: '2025-02-01', reason: 'period_elapsed' } }]);

      // 00:00 on 2025-05-01: pen-s (until 2025-04-30) ends once, by its record; the penalty gets no second entry.
      now = new Date('2025-04-30T16:00:00.000Z');
      await expiry.settled();
      await expiry.sweep();
      expect(await expiry.sweep()).toMatchObject({ today: '2025-05-01', appended: 0, complete: true });
      const all = await ends(t);
      expect(all.map((e) => [e.data.penaltyId, e.eventId])).toEqual([
        ['pen-g', expiryEventId('pen-g')],
        ['pen-s', expiryEventId('pen-s')],
      ]);
      const publication = (await t.store.readStream(StreamIds.contractor(CONTRACTOR))).find(
        (e) => e.type === 'DishonestyRecordPublished' && e.data.penaltyId === 'pen-s',
      );
      expect(all[1].metadata.causationId).toBe(publication?.eventId);
      const head = await t.store.head();
      expect(await expiry.sweep()).toMatchObject({ appended: 0 });
      expect(await t.store.head()).toBe(head);
      const audited = await t.http
        .get(`/v1/credit/contractors/${CONTRACTOR}`)
        .query({ minPosition: head })
        .set(bearer(KEYS.auditor))
        .expect(200);
      expect((audited.body as { dishonestyRecords: unknown[] }).dishonestyRecords).toMatchObject([
        { penaltyId: 'pen-s', status: 'expired', endedOn: '2025-05-01' },
      ]);
    } finally {
      await t.close();
    }
  });
}

describe('the publication of a penalty without a record ends too [sqlite]', () => penaltySuite('sqlite'));
describePostgres('the publication of a penalty without a record ends too', () => penaltySuite('postgres'));
