import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { LedgerEvent } from '../../events';
import { StreamIds, streamOf } from '../../events/streams';
import { CreditPublicationExpiry, expiryEventId } from '../../src/credit/expiry/credit-publication-expiry.service';
import type { LedgerEntry } from '../../src/ledger/event-store.port';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { contractor, CONTRACTOR, expectCreated, post } from '../support/lifecycle';

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

const published = (penaltyId: string, publishedUntil: string): LedgerEvent => ({
  type: 'DishonestyRecordPublished',
  schemaVersion: 2,
  data: {
    uscc: CONTRACTOR,
    penaltyId,
    contractId: 'cc-2026-001-c1',
    violationIds: ['v-1'],
    publishedAt: '2026-05-01',
    decisionNumber: `长民罚〔2026〕${penaltyId}号`,
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    authority: AUTHORITY,
    severity: 'serious',
    publicationMonths: 12,
    publishedFrom: '2026-05-01',
    publishedUntil,
  },
});

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

function expirySuite(kind: 'sqlite' | 'postgres'): void {
  let now = BEFORE_MIDNIGHT;
  const clock = (): Date => now;
  let a: TestApp;
  let head: number;
  beforeAll(async () => {
    a = await startTestApp(kind, {}, clock);
    await expectCreated(post(a, '/v1/contractors', contractor(), KEYS.purchaserJilin));
    head = await append(a, [
      ...DUE.map((id) => published(id, '2027-04-30')),
      published('pen-later', '2027-05-31'),
      published('pen-withdrawn', '2027-04-30'),
      {
        type: 'DishonestyRecordWithdrawn',
        schemaVersion: 1,
        data: { uscc: CONTRACTOR, penaltyId: 'pen-withdrawn', withdrawnAt: '2026-09-01', reason: '复议撤销' },
      },
    ]);
  });
  afterAll(async () => {
    await a.app.close();
    rmSync(a.dataDir, { recursive: true, force: true });
  });

  it('lists a record until publishedUntil and not from the next day, before CreditPublicationEnded exists', async () => {
    expect(await list(a, '2027-04-30', head)).toEqual([...DUE, 'pen-later']);
    expect(await list(a, '2027-05-01', head)).toEqual(['pen-later']);
    expect(await ends(a)).toEqual([]);
  });

  it('appends nothing before 00:00 UTC+8, then CreditPublicationEnded once per elapsed record at midnight', async () => {
    const expiry = a.app.get(CreditPublicationExpiry);
    expect(await expiry.sweep()).toMatchObject({ today: '2027-04-30', appended: 0 });
    expect(await ends(a)).toEqual([]);
    now = MIDNIGHT;
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
    const record = await a.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ minPosition: last })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    const records = (record.body as { dishonestyRecords: { penaltyId: string }[] }).dishonestyRecords;
    expect(records.find((r) => r.penaltyId === DUE[0])).toMatchObject({
      status: 'expired',
      publishedFrom: '2026-05-01',
      publishedUntil: '2027-04-30',
      endedOn: '2027-05-01',
    });
    expect(await list(a, '2027-04-30', last)).toEqual([...DUE, 'pen-later']);
    expect(await list(a, '2027-05-01', last)).toEqual(['pen-later']);
  });

  it('catches up at start after downtime, and a restart appends nothing twice', async () => {
    await a.app.close();
    now = new Date('2027-06-03T02:00:00.000Z');
    const b = await startTestApp(kind, { DATABASE_URL: a.databaseUrl, LEDGER_DATA_DIR: a.dataDir }, clock);
    try {
      await b.app.get(CreditPublicationExpiry).settled();
      const entries = await ends(b);
      expect(entries.map((e) => e.data.penaltyId).sort()).toEqual([...DUE, 'pen-later'].sort());
      // Ended on the day after its period, not on the day the service came back.
      expect(entries.find((e) => e.data.penaltyId === 'pen-later')?.data.endedOn).toBe('2027-06-01');
      expect(await b.app.get(CreditPublicationExpiry).sweep()).toMatchObject({ appended: 0 });
      expect(await ends(b)).toHaveLength(DUE.length + 1);
    } finally {
      await b.app.close();
      a = await startTestApp(kind, { DATABASE_URL: a.databaseUrl, LEDGER_DATA_DIR: a.dataDir }, clock);
    }
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
        DUE.map((id) => published(id, '2027-04-30')),
      );
      for (const t of [a, b]) await t.app.get(CreditPublicationExpiry).settled();
      expect(await b.app.get(CreditPublicationExpiry).sweep()).toMatchObject({ appended: 0, complete: true });
      now = MIDNIGHT;
      // Both at once: each record is due on both instances in the same instant.
      const [ra, rb] = await Promise.all([a, b].map((t) => t.app.get(CreditPublicationExpiry).sweep()));
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
