import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { CONTRACTOR, expectCreated, post, signedContract, seriousPenalty, seriousViolation } from '../support/lifecycle';
import { readSse } from '../support/sse';
import { bodyOf, CommandResponse, Page } from '../support/bodies';

const C = 'cc-2024-001-c1';
const buyer = KEYS.purchaserJilin;
/** Distinctive terms of a contract that is signed, not announced. */
const AMOUNT = 14_398_761;
const PAID = 1_234_567;
const TERMS = {
  deliverables: 'SEALED-SENTINEL-DELIVERABLES',
  liabilities: 'SEALED-SENTINEL-LIABILITIES',
  takeoverPlan: 'SEALED-SENTINEL-TAKEOVER-PLAN',
  amount: String(AMOUNT),
  paid: String(PAID),
  unpaid: String(AMOUNT - PAID),
  startDate: '2024-04-07',
  endDate: '2025-04-06',
  evaluatedAt: '2024-06-17',
};
const SENTINELS = Object.values(TERMS);

interface FeedItem {
  position: number;
  publishedBy: number;
  type: string;
  data: Record<string, unknown>;
}

/** Every page of the credit feed after the cursor, and the cursor after the last. */
async function feedPages(t: TestApp, minPosition: number, after?: string): Promise<{ items: FeedItem[]; texts: string[]; cursor: string }> {
  const items: FeedItem[] = [];
  const texts: string[] = [];
  let cursor = after;
  for (;;) {
    const res = await t.http
      .get('/v1/credit/feed')
      .query({ limit: 2, minPosition, ...(cursor ? { after: cursor } : {}) })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    texts.push(res.text);
    const page = bodyOf<Page<FeedItem>>(res);
    cursor = page.nextCursor as string;
    if (page.items.length === 0) return { items, texts, cursor };
    items.push(...page.items);
  }
}

function sealSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let url: string;
  let head: number;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    await signedContract(
      t,
      {
        award: { amount: AMOUNT },
        contract: {
          amount: AMOUNT,
          startDate: TERMS.startDate,
          endDate: TERMS.endDate,
          deliverables: TERMS.deliverables,
          liabilities: TERMS.liabilities,
          takeoverPlan: TERMS.takeoverPlan,
          paymentSchedule: [
            { dueDate: '2024-06-30', amount: PAID },
            { dueDate: '2024-12-31', amount: AMOUNT - PAID },
          ],
        },
      },
      buyer,
    );
    // Paid, evaluated, violated and penalised (termination, debarment, dishonesty record), all before any announcement.
    await expectCreated(
      post(t, `/v1/contracts/${C}/payments`, { paymentId: 'pay-1', amount: PAID, paidAt: '2024-06-30', purpose: 'service_fee' }, buyer),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-1', evaluator: 'third_party', score: 37, evaluatedAt: TERMS.evaluatedAt },
        buyer,
      ),
    );
    await expectCreated(post(t, `/v1/contracts/${C}/violations`, seriousViolation, buyer));
    const res = await expectCreated(
      post(t, `/v1/contracts/${C}/penalties`, seriousPenalty({ fine: 50_000, terminateContract: true }), buyer),
    );
    head = bodyOf<CommandResponse>(res).position;
  });
  afterAll(async () => t.close());

  it('before the announcement no credit route shows a term of the contract, which the raw ledger holds; the penalty is shown', async () => {
    const record = await t.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ minPosition: head })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    const auditorView = await t.http.get(`/v1/credit/contractors/${CONTRACTOR}`).set(bearer(KEYS.auditor)).expect(200);
    const dishonesty = await t.http
      .get('/v1/credit/dishonesty')
      .query({ asOf: '2024-11-01', minPosition: head })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    const feed = await feedPages(t, head);
    const stream = await readSse(`${url}/v1/credit/feed`, feed.items.length);
    const texts = [record.text, auditorView.text, dishonesty.text, ...feed.texts, JSON.stringify(stream)];
    for (const text of texts) for (const sentinel of SENTINELS) expect(text).not.toContain(sentinel);
    // The scan could fail: the raw ledger holds every sentinel.
    const raw = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor)).expect(200);
    for (const sentinel of SENTINELS) expect(raw.text).toContain(sentinel);

    // The contractor and its misconduct are not sealed.
    expect(record.body).toMatchObject({
      uscc: CONTRACTOR,
      contracts: [],
      contractsValue: 0,
      evaluations: [],
      averageScore: null,
      violations: [{ violationId: 'v-1', contractId: C, severity: 'serious' }],
      penalties: [{ penaltyId: 'pen-1', contractId: C, fine: 50_000, terminateContract: true, status: 'imposed' }],
      debarments: [{ penaltyId: 'pen-1', from: '2024-11-01', until: '2027-10-31' }],
      dishonestyRecords: [{ penaltyId: 'pen-1', status: 'published' }],
    });
    expect(bodyOf<{ items: unknown[] }>(dishonesty).items).toMatchObject([{ penaltyId: 'pen-1', uscc: CONTRACTOR }]);
    expect(feed.items.map((i) => i.type)).toEqual([
      'ContractorRegistered',
      'ViolationRecorded',
      'PenaltyImposed',
      'ContractorDebarred',
      'DishonestyRecordPublished',
    ]);
    expect(stream.map((e) => e.event)).toEqual(feed.items.map((i) => i.type));
  });

  it('the announcement releases the terms: the record shows the contract, the feed and the stream publish what waited, once', async () => {
    const before = await feedPages(t, head);
    const streamed = await readSse(`${url}/v1/credit/feed`, before.items.length);
    const announced = await expectCreated(
      post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-11-02', url: 'https://ccgp.example/c1' }, buyer),
    );
    const at = bodyOf<CommandResponse>(announced).position;

    const record = await t.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ minPosition: at })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    expect(record.body).toMatchObject({
      contracts: [{ contractId: C, amount: AMOUNT, status: 'terminated' }],
      contractsValue: AMOUNT,
      evaluations: [{ evaluationId: 'ev-1', score: 37, evaluatedAt: TERMS.evaluatedAt }],
      averageScore: 37,
      position: at,
    });
    // Only the allow-listed terms: never the deliverables, liabilities or takeover plan.
    expect(record.text).not.toContain(TERMS.deliverables);
    expect(record.text).not.toContain(TERMS.takeoverPlan);

    const released = await feedPages(t, at, before.cursor);
    expect(released.items.map((i) => [i.type, i.publishedBy])).toEqual([
      ['ContractSigned', at],
      ['PerformanceEvaluated', at],
      ['ContractTerminated', at],
    ]);
    // The termination's money waited with the contract's terms (issue 14: the feed carries terminations).
    expect(released.items[2].data).toMatchObject({ contractId: C, penaltyId: 'pen-1', paid: PAID, unpaid: AMOUNT - PAID });
    expect(released.items[0].data).toMatchObject({ contractId: C, amount: AMOUNT });
    expect(released.items.every((i) => i.position < at)).toBe(true);
    // A position (as API.md allows, or a cursor of the earlier single-position form) means "everything published up to it".
    expect((await feedPages(t, at, String(head))).items).toEqual(released.items);
    expect((await feedPages(t, at, Buffer.from(`p:${head}`).toString('base64url'))).items).toEqual(released.items);
    const all = await feedPages(t, at);
    expect(all.items).toEqual([...before.items, ...released.items]);
    // A stream resumed from where it stopped gets exactly the released items.
    const resumed = await readSse(`${url}/v1/credit/feed`, 3, streamed[streamed.length - 1].id);
    expect(resumed.map((e) => [e.event, e.data.position])).toEqual(released.items.map((i) => [i.type, i.position]));
  });
}

describe('credit routes seal an unannounced contract [sqlite]', () => sealSuite('sqlite'));
describePostgres('credit routes seal an unannounced contract', () => sealSuite('postgres'));
