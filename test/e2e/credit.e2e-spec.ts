import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { CONTRACTOR, expectCreated, post, signedContract, seriousPenalty, seriousViolation } from '../support/lifecycle';
import { readSse } from '../support/sse';
import { bodyOf, CommandResponse, Page } from '../support/bodies';

const C = 'cc-2024-001-c1';
const buyer = KEYS.purchaserJilin;

function creditSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let url: string;
  let penaltyPosition: number;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
    await signedContract(t, {}, buyer);
    // Announced: an unannounced contract is sealed on credit routes (credit-seal.e2e-spec.ts).
    await expectCreated(post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1' }, buyer));
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-1', evaluator: 'purchaser', score: 90, evaluatedAt: '2024-06-10' },
        buyer,
      ),
    );
    await expectCreated(post(t, `/v1/contracts/${C}/violations`, seriousViolation, buyer));
    const res = await expectCreated(post(t, `/v1/contracts/${C}/penalties`, seriousPenalty(), buyer));
    penaltyPosition = bodyOf<CommandResponse>(res).position;
  });
  afterAll(async () => t.close());

  it("serves the contractor's credit record, read-your-writes with minPosition", async () => {
    const res = await t.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ minPosition: penaltyPosition, date: '2025-01-01' })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    expect(res.body).toMatchObject({
      uscc: CONTRACTOR,
      name: '长春市阳光社会工作服务中心',
      contractsValue: 14_400_000,
      averageScore: 90,
      debarments: [{ penaltyId: 'pen-1', from: '2024-11-01', until: '2027-10-31', lifted: false }],
      dishonestyRecords: [{ penaltyId: 'pen-1', status: 'published' }],
      debarredOn: { date: '2025-01-01', debarred: true },
    });
    const earlier = await t.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ date: '2024-10-31' })
      .set(bearer(KEYS.auditor))
      .expect(200);
    expect(bodyOf<{ debarredOn: { debarred: boolean } }>(earlier).debarredOn.debarred).toBe(false);
    await t.http.get('/v1/credit/contractors/91110000MA0000000X').set(bearer(KEYS.creditPlatform)).expect(400);
    // Purchasers check a contractor before they award (issue 14); the route stays closed to no key.
    await t.http.get(`/v1/credit/contractors/${CONTRACTOR}`).set(bearer(KEYS.purchaserInnerMongolia)).expect(200);
    await t.http.get(`/v1/credit/contractors/${CONTRACTOR}`).expect(401);
    const late = await t.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ minPosition: 10_000 })
      .set(bearer(KEYS.creditPlatform))
      .expect(503);
    expect(late.headers['retry-after']).toBe('1');
  });

  it('lists the dishonesty records in force on a date', async () => {
    const before = await t.http
      .get('/v1/credit/dishonesty')
      .query({ asOf: '2024-10-31', minPosition: penaltyPosition })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    expect(before.body).toMatchObject({ asOf: '2024-10-31', items: [] });
    const after = await t.http.get('/v1/credit/dishonesty').query({ asOf: '2024-11-01' }).set(bearer(KEYS.creditPlatform)).expect(200);
    expect(bodyOf<{ items: unknown[] }>(after).items).toMatchObject([
      {
        penaltyId: 'pen-1',
        uscc: CONTRACTOR,
        name: '长春市阳光社会工作服务中心',
        publishedAt: '2024-11-01',
        status: 'published',
        endedOn: null,
      },
    ]);
    await t.http.get('/v1/credit/dishonesty').query({ asOf: '2024-02-30' }).set(bearer(KEYS.creditPlatform)).expect(400);
  });

  it('pages the credit feed with opaque cursors, and streams it over SSE resuming exactly after Last-Event-ID', async () => {
    const first = await t.http
      .get('/v1/credit/feed')
      .query({ limit: 2, minPosition: penaltyPosition })
      .set(bearer(KEYS.creditPlatform))
      .expect(200);
    const firstPage = bodyOf<Page<{ type: string }>>(first);
    const rest = await t.http.get('/v1/credit/feed').query({ after: firstPage.nextCursor }).set(bearer(KEYS.creditPlatform)).expect(200);
    const paged = [...firstPage.items, ...bodyOf<Page<{ type: string }>>(rest).items].map((i) => i.type);
    expect(paged).toEqual([
      'ContractorRegistered',
      'ContractSigned',
      'PerformanceEvaluated',
      'ViolationRecorded',
      'PenaltyImposed',
      'ContractorDebarred',
      'DishonestyRecordPublished',
    ]);

    const firstThree = await readSse(`${url}/v1/credit/feed`, 3);
    expect(firstThree.map((e) => e.event)).toEqual(paged.slice(0, 3));
    // While the consumer is away, the penalty is revoked.
    await expectCreated(post(t, '/v1/penalties/pen-1/revocation', { decidedAt: '2025-01-15', reason: '复议撤销' }, buyer));
    const resumed = await readSse(`${url}/v1/credit/feed`, 7, firstThree[2].id);
    expect(resumed.map((e) => e.event)).toEqual([...paged.slice(3), 'PenaltyRevoked', 'DebarmentLifted', 'DishonestyRecordWithdrawn']);
    const positions = [...firstThree, ...resumed].map((e) => e.data.position);
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('reports the projections in /health', async () => {
    const { projections } = bodyOf<{ projections: { name: string; status: string }[] }>(await t.http.get('/health').expect(200));
    expect(projections.map((p) => p.name)).toEqual(expect.arrayContaining(['credit_records', 'dishonesty_records', 'credit_feed']));
    expect(projections.every((p) => p.status === 'running')).toBe(true);
  });
}

describe('credit read models [sqlite]', () => creditSuite('sqlite'));
describePostgres('credit read models', () => creditSuite('postgres'));
