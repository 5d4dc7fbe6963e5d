import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf } from '../support/bodies';
import { expectCreated, fund, post, project } from '../support/lifecycle';

/**
 * A region-year's budget is shown under the pack its reservations were judged by, never under today's
 * (DOMAIN.md: a rule change must not rewrite the past); the public sees its figures only (002 §三(五)).
 */
function budgetSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let now = new Date('2023-01-15T02:00:00Z');
  let head: number;
  const buyer = KEYS.purchaserInnerMongolia;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, () => now);
    await expectCreated(
      post(t, '/v1/funds', fund({ region: '150102', fiscalYear: 2022, amount: 500_000_000, reference: '财社〔2022〕8号' })),
    );
    await expectCreated(
      post(t, '/v1/funds', fund({ region: '150102', fiscalYear: 2023, amount: 1_000_000_000, reference: '财社〔2023〕9号' })),
    );
    // Registered on 2023-01-15, before the Inner Mongolia 2023 notice took effect (2023-02-22): the national
    // default judged it, with the same year's funds as the base (2% of 1,000,000,000 fen).
    await expectCreated(
      post(
        t,
        '/v1/projects',
        project({
          projectId: 'nm-2023-001',
          region: '150102',
          fiscalYear: 2023,
          registeredOn: '2023-01-15',
          purchaser: { code: '150102000000', name: 'SENTINEL-PURCHASER 新城区民政局' },
          budget: 15_000_000,
        }),
        buyer,
      ),
    );
    head = await t.store.head();
    now = new Date('2026-11-29T02:00:00Z');
  });
  afterAll(async () => t.close());

  it("keeps the cap that was enforced when the project was registered, whatever the query's date", async () => {
    const res = await t.http.get('/v1/budgets/150102/2023').query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
    expect(res.body).toMatchObject({
      policyId: 'cn-default-2012',
      fundBaseYear: 2023,
      fundBase: 1_000_000_000,
      cap: 20_000_000,
      reserved: 15_000_000,
      remaining: 5_000_000,
    });
    // The findings judge the year by the same pack.
    const findings = await t.http
      .get('/v1/audit/findings')
      .query({ region: '150102', fiscalYear: 2023 })
      .set(bearer(KEYS.auditor))
      .expect(200);
    expect(JSON.stringify(findings.body)).not.toContain('10,000,000');
  });

  it('judges a year without reservations by the pack in force on its last day (Inner Mongolia: the previous year)', async () => {
    const res = await t.http.get('/v1/disclosure/budgets/150102/2024').query({ minPosition: head }).expect(200);
    expect(res.body).toMatchObject({ policyId: 'nm-2023', fundBaseYear: 2023, fundBase: 1_000_000_000, cap: 20_000_000, reserved: 0 });
  });

  it('GET /v1/disclosure/budgets/:region/:fiscalYear: public figures only, by category', async () => {
    const res = await t.http.get('/v1/disclosure/budgets/150102/2023').query({ minPosition: head }).expect(200);
    expect(res.body).toEqual({
      region: '150102',
      fiscalYear: 2023,
      policyId: 'cn-default-2012',
      capRule: expect.stringContaining('same') as unknown,
      fundBaseYear: 2023,
      fundBase: 1_000_000_000,
      cap: 20_000_000,
      reserved: 15_000_000,
      committed: 0,
      paid: 0,
      remaining: 5_000_000,
      byCategory: { 'service.care': { reserved: 15_000_000, committed: 0, paid: 0 } },
    });
    // No purchaser names, fund references or allocation entries.
    for (const hidden of ['SENTINEL-PURCHASER', '财社', '150102000000']) expect(JSON.stringify(res.body)).not.toContain(hidden);
    const bad = await t.http.get('/v1/disclosure/budgets/1501/2023').expect(400);
    expect(bodyOf<{ code: string }>(bad).code).toBe('VALIDATION_FAILED');
    await t.http.get('/v1/disclosure/budgets/150102/1999').expect(400);
  });
}

describe('budget views by the pack of their facts [sqlite]', () => budgetSuite('sqlite'));
describePostgres('budget views by the pack of their facts', () => budgetSuite('postgres'));
