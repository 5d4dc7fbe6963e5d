import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import { award, contract, contractor, expectCreated, fund, penaltyDecision, post, project, tender } from '../support/lifecycle';

/** Today for this suite: after every business date it states. */
const CLOCK = (): Date => new Date('2025-12-31T02:00:00Z');
const C = 'cc-2024-001-c1';
const answered = async (request: Promise<Response>, status: number): Promise<Response> => {
  const res = await request;
  expect(res.status).toBe(status);
  return res;
};
const SOURCES = [{ fiscalYear: 2025, reference: '长春市南关区 2024—2026 年中期财政规划' }];

/**
 * A Jilin contract 2024-07-01 … 2025-06-30 (000 §四(三)3: 在预算保障的前提下), instalments 7,200,000 fen on
 * 2024-12-31 and 2025-06-30: each counts against the cap of its own year. Fund base 2024: 1,000,000,000 fen,
 * cap 20,000,000 (2%, Jilin: the same year); the project's budget 15,000,000; no 2025 funds yet.
 */
function multiYearSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  const buyer = KEYS.purchaserJilin;
  const budget = async (year: number) => {
    const res = await t.http
      .get(`/v1/budgets/220102/${year}`)
      .query({ minPosition: await t.store.head() })
      .set(bearer(KEYS.auditor))
      .expect(200);
    return bodyOf<{ reserved: number; committed: number; paid: number; cap: number; remaining: number }>(res);
  };
  const multiYear = (over: Record<string, unknown> = {}) =>
    contract({
      startDate: '2024-07-01',
      endDate: '2025-06-30',
      paymentSchedule: [
        { dueDate: '2024-12-31', amount: 7_200_000 },
        { dueDate: '2025-06-30', amount: 7_200_000 },
      ],
      ...over,
    });
  const reprocurement = (budgetFen: number) =>
    post(
      t,
      '/v1/projects',
      project({ projectId: 'cc-2024-002', registeredOn: '2025-01-15', title: '南关区照料护理服务（重新采购）', budget: budgetFen }),
      buyer,
    );

  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await expectCreated(post(t, '/v1/funds', fund()));
    await expectCreated(post(t, '/v1/contractors', contractor(), buyer));
    await expectCreated(post(t, '/v1/projects', project(), buyer));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), buyer));
    await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), buyer));
  });
  afterAll(async () => t.close());

  it('refuses a contract with 2025 instalments and no 2025 budget source: 422 BUDGET_SOURCE_REQUIRED, nothing appended', async () => {
    const head = await t.store.head();
    const res = await answered(post(t, '/v1/projects/cc-2024-001/contracts', multiYear(), buyer), 422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = bodyOf<ProblemBody>(res);
    expect(problem.code).toBe('BUDGET_SOURCE_REQUIRED');
    expect(problem.detail).toContain('fiscal year 2025');
    expect(problem.detail).toContain('000 §四(三)3');
    const stray = await answered(
      post(
        t,
        '/v1/projects/cc-2024-001/contracts',
        multiYear({ budgetSources: [...SOURCES, { fiscalYear: 2026, reference: '2026 年预算' }] }),
        buyer,
      ),
      422,
    );
    expect(bodyOf<ProblemBody>(stray).code).toBe('BUDGET_SOURCE_REQUIRED');
    await answered(
      post(t, '/v1/projects/cc-2024-001/contracts', multiYear({ budgetSources: [{ fiscalYear: 2025, reference: ' ' }] }), buyer),
      400,
    );
    expect(await t.store.head()).toBe(head);
  });

  it('signed with its 2025 source: 2024 counts the 2024 instalment (and the award’s saving), 2025 the 2025 one', async () => {
    await expectCreated(post(t, '/v1/projects/cc-2024-001/contracts', multiYear({ budgetSources: SOURCES }), buyer));
    expect(await budget(2024)).toMatchObject({ reserved: 15_000_000 - 7_200_000, committed: 7_200_000, paid: 0, cap: 20_000_000 });
    // No 2025 funds yet (Jilin's base is the same year): the reservation rests on the stated source.
    expect(await budget(2025)).toMatchObject({ reserved: 7_200_000, committed: 7_200_000, paid: 0 });
    const entries = await t.store.readStream('budget-220102-2025');
    expect(entries.map((e) => [e.type, e.data])).toEqual([
      [
        'BudgetReserved',
        expect.objectContaining({ contractId: C, amount: 7_200_000, budgetSource: SOURCES[0].reference, fundBase: null, cap: null }),
      ],
    ]);
    // The contract shows each later year's source and what it reserved there, now and in a past view.
    const shown = [{ fiscalYear: 2025, reference: SOURCES[0].reference, amount: 7_200_000, position: entries[0].position }];
    for (const query of [{ minPosition: await t.store.head() }, { asOf: '2024-12-31' }]) {
      const res = await t.http.get(`/v1/contracts/${C}`).query(query).set(bearer(KEYS.auditor)).expect(200);
      expect(bodyOf<{ budgetSources: unknown }>(res).budgetSources).toEqual(shown);
    }
  });

  it('a payment counts in the year of the instalment it settles; the re-procurement does not fit while the contract holds its budget', async () => {
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/payments`,
        { paymentId: 'pay-1', amount: 7_200_000, paidAt: '2024-12-31', purpose: 'service_fee' },
        buyer,
      ),
    );
    expect(await budget(2024)).toMatchObject({ reserved: 7_800_000, committed: 7_200_000, paid: 7_200_000 });
    expect(await budget(2025)).toMatchObject({ reserved: 7_200_000, committed: 7_200_000, paid: 0 });
    // 7,800,000 + 12,500,000 > 20,000,000.
    expect(bodyOf<ProblemBody>(await answered(reprocurement(12_500_000), 422)).code).toBe('BUDGET_CAP_EXCEEDED');
  });

  it('terminated by a penalty: both years release what was not paid; the re-procurement then fits under 2024’s cap', async () => {
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/violations`,
        { violationId: 'v-1', kind: 'service_failure', severity: 'serious', occurredAt: '2025-01-05', description: '连续两周未上门照料' },
        buyer,
      ),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/penalties`,
        {
          penaltyId: 'pen-1',
          violationIds: ['v-1'],
          decidedAt: '2025-01-10',
          ...penaltyDecision({ content: '解除合同' }),
          terminateContract: true,
        },
        buyer,
      ),
    );
    expect(await budget(2024)).toMatchObject({ reserved: 7_200_000, committed: 7_200_000, paid: 7_200_000 });
    expect(await budget(2025)).toMatchObject({ reserved: 0, committed: 0, paid: 0 });
    const released = (await t.store.readStream('budget-220102-2024')).filter((e) => e.type === 'BudgetReleased').map((e) => e.data);
    expect(released).toEqual([
      expect.objectContaining({ amount: 7_200_000, reason: 'moved_to_later_year', releasedAt: '2024-03-25' }),
      expect.objectContaining({ amount: 600_000, reason: 'contract_terminated', releasedAt: '2025-01-10' }),
    ]);
    // 7,200,000 + 12,500,000 ≤ 20,000,000.
    await expectCreated(reprocurement(12_500_000));
    expect(await budget(2024)).toMatchObject({ reserved: 19_700_000, remaining: 300_000 });
  });
}

describe('multi-year contracts and the cap [sqlite]', () => multiYearSuite('sqlite'));
describePostgres('multi-year contracts and the cap', () => multiYearSuite('postgres'));
