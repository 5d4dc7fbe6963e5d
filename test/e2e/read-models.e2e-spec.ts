import { describePostgres } from '../support/postgres-server';
import { describeMongo } from '../support/ferretdb';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import {
  award,
  contract,
  contractor,
  expectCreated,
  FUND_BASE,
  OTHER_CONTRACTOR,
  post,
  project,
  registeredProject,
  tender,
} from '../support/lifecycle';
import { bodyOf } from '../support/bodies';

const C = 'cc-2024-001-c1';
const buyer = KEYS.purchaserJilin;
const SENTINELS = ['SENTINEL-NAME-李', 'SENTINEL-ID-220102', 'SENTINEL-NEEDS', 'SENTINEL-NOTE'];

function readModelSuite(kind: 'sqlite' | 'postgres' | 'mongodb'): void {
  let t: TestApp;
  let head: number;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const note = { internalNote: SENTINELS[3] };
    await registeredProject(t, { recipients: [{ name: SENTINELS[0], idNumber: SENTINELS[1], needs: SENTINELS[2] }], ...note });
    // A contractor with a private note, for the scan of GET /v1/contractors.
    await expectCreated(
      post(t, '/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, name: '草原服务社', region: '150102', ...note }), buyer),
    );
    await expectCreated(post(t, '/v1/projects', project({ projectId: 'unannounced', budget: 1_000_000 }), buyer));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(note), buyer));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(note), buyer));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', contract(note), buyer));
    await expectCreated(
      post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://ccgp.example/c1', ...note }, buyer),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/payments`,
        { paymentId: 'pay-1', amount: 7_200_000, paidAt: '2024-06-30', purpose: 'service_fee', ...note },
        buyer,
      ),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-1', evaluator: 'third_party', score: 88, evaluatedAt: '2024-10-10', ...note },
        buyer,
      ),
    );
    head = await t.store.head();
  });
  afterAll(async () => t.close());

  it('GET /v1/budgets/:region/:fiscalYear: consumption against the 2% cap of the fund base', async () => {
    const res = await t.http.get('/v1/budgets/220102/2024').query({ minPosition: head }).set(bearer(buyer)).expect(200);
    expect(res.body).toMatchObject({
      region: '220102',
      fiscalYear: 2024,
      fundBaseYear: 2024,
      fundBase: FUND_BASE,
      cap: FUND_BASE * 0.02,
      reserved: 16_000_000,
      committed: 14_400_000,
      paid: 7_200_000,
      remaining: FUND_BASE * 0.02 - 16_000_000,
    });
    expect(bodyOf<{ byCategory: Record<string, unknown> }>(res).byCategory['service.care']).toMatchObject({
      reserved: 16_000_000,
      committed: 14_400_000,
      paid: 7_200_000,
    });
    await t.http.get('/v1/budgets/150102/2024').set(bearer(buyer)).expect(403);
    await t.http.get('/v1/budgets/2201/2024').set(bearer(KEYS.auditor)).expect(400);
  });

  it('GET /v1/contracts/:contractId: paid, remaining, evaluations, status', async () => {
    const res = await t.http.get(`/v1/contracts/${C}`).query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
    expect(res.body).toMatchObject({
      contractId: C,
      amount: 14_400_000,
      paid: 7_200_000,
      remaining: 7_200_000,
      status: 'active',
      evaluations: [{ evaluationId: 'ev-1', score: 88 }],
    });
    await t.http.get('/v1/contracts/nope').set(bearer(KEYS.auditor)).expect(404);
    await t.http.get(`/v1/contracts/${C}`).set(bearer(KEYS.purchaserInnerMongolia)).expect(403);
  });

  it('GET /v1/projects/:id/history: every entry of the project and its contract, in order, with positions and hashes', async () => {
    const res = await t.http.get('/v1/projects/cc-2024-001/history').query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
    const { items } = bodyOf<{
      items: { type: string; position: number; leafHash: unknown; private: { recipients: { name: string }[] } }[];
    }>(res);
    expect(items.map((e) => e.type)).toEqual([
      'ProjectRegistered',
      'TenderPublished',
      'ContractorAwarded',
      'ContractSigned',
      'ProjectContracted',
      'ContractAnnounced',
      'PaymentMade',
      'PerformanceEvaluated',
    ]);
    const positions = items.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(items.every((e) => typeof e.leafHash === 'string')).toBe(true);
    expect(items[0].private.recipients[0].name).toBe(SENTINELS[0]);
    await t.http.get('/v1/projects/cc-2024-001/history').set(bearer(KEYS.creditPlatform)).expect(403);
  });

  it('GET /v1/disclosure/projects[/:id]: public, announced contracts only, positions on every fact', async () => {
    const list = await t.http.get('/v1/disclosure/projects').query({ region: '220102', fiscalYear: '2024', minPosition: head }).expect(200);
    expect(list.body).toMatchObject({ page: 1, total: 2 });
    const one = await t.http.get('/v1/disclosure/projects/cc-2024-001').expect(200);
    expect(one.body).toMatchObject({ projectId: 'cc-2024-001', contracts: [{ contractId: C }] });
    const hidden = await t.http.get('/v1/disclosure/projects/unannounced').expect(200);
    expect(bodyOf<{ contracts: unknown[] }>(hidden).contracts).toEqual([]);
    await t.http.get('/v1/disclosure/projects/missing').expect(404);
  });

  it('GET /v1/audit/findings: what an auditor must see for a region-year', async () => {
    const res = await t.http
      .get('/v1/audit/findings')
      .query({ region: '220102', fiscalYear: '2024', minPosition: head })
      .set(bearer(KEYS.auditor))
      .expect(200);
    // The contract ended 2025-03-31 with one of three evaluations and half its payments.
    expect(bodyOf<{ items: { code: string; contractId?: string }[] }>(res).items.map((f) => [f.code, f.contractId])).toEqual([
      ['MISSING_EVALUATIONS', C],
      ['PAYMENTS_BEHIND_SCHEDULE', C],
    ]);
    await t.http.get('/v1/audit/findings').query({ region: '220102' }).set(bearer(KEYS.auditor)).expect(400);
    await t.http.get('/v1/audit/findings').query({ region: '220102', fiscalYear: '2024' }).set(bearer(buyer)).expect(403);
  });

  it('never shows a private field on any public or credit route (sentinel scan)', async () => {
    const publicResponses = await Promise.all([
      t.http.get('/v1/disclosure/projects'),
      t.http.get('/v1/disclosure/projects/cc-2024-001'),
      t.http.get('/v1/disclosure/projects/unannounced'),
      t.http.get('/v1/ledger/checkpoint'),
      t.http.get('/v1/ledger/checkpoints'),
      t.http.get('/v1/ledger/key'),
      t.http.get('/v1/ledger/entries/3/proof'),
      t.http.get(`/v1/ledger/entries/${head}/proof`),
      t.http.get('/v1/credit/feed').set(bearer(KEYS.creditPlatform)),
      t.http.get(`/v1/credit/contractors/${(await t.store.readAll(1, 1))[0].data.uscc as string}`).set(bearer(KEYS.creditPlatform)),
      t.http.get('/v1/credit/dishonesty').set(bearer(KEYS.creditPlatform)),
      t.http.get('/v1/contractors').query({ minPosition: head }).set(bearer(buyer)),
      t.http.get('/v1/credit/penalties/xzcf').set(bearer(KEYS.creditPlatform)),
      t.http.get('/v1/credit/penalties/xzcf').set(bearer(KEYS.creditPlatform)).set('Accept', 'text/csv'),
      t.http.get('/v1/disclosure/ocds/releases').query({ minPosition: head, limit: 1000 }),
      t.http.get('/v1/disclosure/ocds/records/ocds-ledger-cc-2024-001').query({ minPosition: head }),
      t.http.get('/v1/disclosure/ocds/records/ocds-ledger-unannounced').query({ minPosition: head }),
    ]);
    for (const res of publicResponses) {
      expect(res.status).toBe(200);
      for (const sentinel of SENTINELS) expect(res.text).not.toContain(sentinel);
    }
    // The sentinels are in the ledger: the scan would see them if a route leaked them.
    const raw = await t.http.get('/v1/ledger/events').query({ limit: 1000 }).set(bearer(KEYS.auditor));
    for (const sentinel of SENTINELS) expect(raw.text).toContain(sentinel);
  });
}

describe('read-model routes [sqlite]', () => readModelSuite('sqlite'));
describePostgres('read-model routes', () => readModelSuite('postgres'));
describeMongo('read-model routes', () => readModelSuite('mongodb'));

describe('a ?minPosition the read models do not reach', () => {
  it('waits FRESHNESS_WAIT_MS, then answers 503 SERVICE_UNAVAILABLE with Retry-After, naming the wait', async () => {
    const t = await startTestApp('sqlite', { FRESHNESS_WAIT_MS: '150' });
    try {
      const beyond = (await t.store.head()) + 1000;
      const res = await t.http.get('/v1/projects/cc-2024-001/history').query({ minPosition: beyond }).set(bearer(KEYS.auditor)).expect(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        detail: `the read model has not reached position ${beyond} within 150 ms; retry shortly`,
      });
    } finally {
      await t.close();
    }
  });
});
