import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import {
  APPROVAL,
  award,
  contract,
  contractor,
  CONTRACTOR,
  expectCreated,
  fund,
  OTHER_CONTRACTOR,
  penaltyDecision,
  post,
  project,
  tender,
} from '../support/lifecycle';

/**
 * Issue 15 "Done when": one Jilin and one Inner Mongolia project walked through the fields and rules the issue
 * adds, each refusal first (appending nothing), then the step that the rules allow. Today is 2025-03-20: the
 * Jilin contract (2024-04-01 … 2025-03-31) is still running, so its contractor owes the 2024 financial report.
 */
const TODAY = (): Date => new Date('2025-03-20T02:00:00Z');
const JL = { key: KEYS.purchaserJilin, project: 'cc-2024-001', contract: 'cc-2024-001-c1' };
const NM = { key: KEYS.purchaserInnerMongolia, project: 'nm-2024-001', contract: 'nm-2024-001-c1' };

function provinceSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, TODAY);
  });
  afterAll(async () => t.close());

  const refused = async (request: Promise<Response>, status: number, code: string, ...inDetail: string[]): Promise<void> => {
    const head = await t.store.head();
    const res = await request;
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status, code });
    for (const text of inDetail) expect(bodyOf<ProblemBody>(res).detail).toContain(text);
    expect(await t.store.head()).toBe(head);
  };
  const read = async <T>(path: string, query: Record<string, string | number> = {}): Promise<T> =>
    bodyOf<T>(
      await t.http
        .get(path)
        .query({ ...query, minPosition: await t.store.head() })
        .set(bearer(KEYS.auditor))
        .expect(200),
    );
  const findingCodes = async (region: string): Promise<string[]> =>
    (await read<{ items: { code: string }[] }>('/v1/audit/findings', { region, fiscalYear: 2024 })).items.map((f) => f.code);

  it('Jilin 2020 (000, 001, 002): registration date, methods, award evidence, contract terms, grades and a failed evaluation', async () => {
    const { key } = JL;
    await expectCreated(post(t, '/v1/funds', fund()));
    await expectCreated(post(t, '/v1/contractors', contractor(), key));
    await refused(post(t, '/v1/projects', project({ registeredOn: '2025-03-22' }), key), 422, 'DATE_OUT_OF_ORDER', 'in the future');
    await refused(post(t, '/v1/projects', project({ registeredOn: '2022-12-31' }), key), 422, 'DATE_OUT_OF_ORDER', '2023-01-01');
    await expectCreated(post(t, '/v1/projects', project(), key)); // registeredOn 2024-01-15
    // 000 §四(三): five methods; 询价 is not one of them.
    await refused(post(t, `/v1/projects/${JL.project}/tender`, tender({ method: 'inquiry' }), key), 422, 'METHOD_NOT_ALLOWED');
    // 004 §三(四): invited tender needs the finance department's approval.
    await refused(post(t, `/v1/projects/${JL.project}/tender`, tender({ method: 'invited_tender' }), key), 422, 'APPROVAL_REQUIRED');
    await expectCreated(post(t, `/v1/projects/${JL.project}/tender`, tender({ method: 'invited_tender', approval: APPROVAL }), key));
    await refused(post(t, `/v1/projects/${JL.project}/award`, award({ evaluationMethod: 'lowest_price' }), key), 422, 'LOWEST_PRICE_ONLY');
    const { taxAndSocialInsurance: _missing, ...partial } = award().eligibility;
    await refused(
      post(t, `/v1/projects/${JL.project}/award`, award({ eligibility: partial }), key),
      422,
      'CONTRACTOR_CONDITIONS_UNMET',
      'taxAndSocialInsurance',
    );
    const awarded = await expectCreated(post(t, `/v1/projects/${JL.project}/award`, award(), key));
    // An instalment after the end of the term (000 §四(三)1); no takeover plan (000 §四(四)3).
    const late = contract({
      paymentSchedule: [
        { dueDate: '2024-06-30', amount: 7_200_000 },
        { dueDate: '2025-04-30', amount: 7_200_000 },
      ],
    });
    await refused(post(t, `/v1/projects/${JL.project}/contracts`, late, key), 422, 'CONTRACT_MISMATCH', '2025-04-30');
    const { takeoverPlan: _plan, ...withoutPlan } = contract();
    await refused(post(t, `/v1/projects/${JL.project}/contracts`, withoutPlan, key), 400, 'VALIDATION_FAILED');
    // If-Match is the project's version, the ETag of the award.
    await refused(post(t, `/v1/projects/${JL.project}/contracts`, contract(), key, { 'If-Match': '"0"' }), 409, 'CONCURRENCY_CONFLICT');
    await expectCreated(post(t, `/v1/projects/${JL.project}/contracts`, contract(), key, { 'If-Match': awarded.headers.etag }));
    const C = JL.contract;
    await expectCreated(
      post(t, `/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://www.ccgp-jilin.gov.cn/c1' }, key),
    );
    await expectCreated(
      post(t, `/v1/contracts/${C}/payments`, { paymentId: 'p-1', amount: 7_200_000, paidAt: '2024-06-30', purpose: 'service_fee' }, key),
    );
    await refused(
      post(t, `/v1/contracts/${C}/payments`, { paymentId: 'p-x', amount: 1, paidAt: '2024-06-30', purpose: '工资' }, key),
      400,
      'VALIDATION_FAILED',
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-1', evaluator: 'purchaser', score: 92, evaluatedAt: '2024-12-20' },
        key,
      ),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-2', evaluator: 'service_recipients', score: 81, evaluatedAt: '2024-12-21', grade: 'good' },
        key,
      ),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-3', evaluator: 'third_party', score: 55, evaluatedAt: '2024-12-22' },
        key,
      ),
    );
    const grades = (await read<{ evaluations: { evaluationId: string; grade: string }[] }>(`/v1/contracts/${C}`)).evaluations;
    expect(grades.map((e) => [e.evaluationId, e.grade])).toEqual([
      ['ev-1', 'excellent'],
      ['ev-2', 'good'],
      ['ev-3', 'fail'],
    ]);
    expect(await findingCodes('220102')).toContain('FAILED_EVALUATION_UNADDRESSED');
    // 004 §三(五): the failed evaluation is answered by a rectification order and a debarment for a period.
    await refused(
      post(
        t,
        `/v1/contracts/${C}/penalties`,
        { penaltyId: 'pen-1', evaluationIds: ['ev-1'], decidedAt: '2025-01-10', ...penaltyDecision() },
        key,
      ),
      422,
      'PENALTY_WITHOUT_VIOLATION',
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/penalties`,
        {
          penaltyId: 'pen-1',
          evaluationIds: ['ev-3'],
          decidedAt: '2025-01-10',
          rectificationDeadline: '2025-03-31',
          debarment: { from: '2025-01-10', until: '2026-01-09' },
          ...penaltyDecision({ penaltyCategories: ['debarment', 'other'], content: '责令限期整改，一年内取消承接资格' }),
        },
        key,
      ),
    );
    expect(await findingCodes('220102')).not.toContain('FAILED_EVALUATION_UNADDRESSED');
    // 000 §四(四)2; 002 §四(三): the contractor's audited report for 2024.
    expect(await findingCodes('220102')).toContain('MISSING_FINANCIAL_REPORT');
    await expectCreated(
      post(
        t,
        `/v1/contractors/${CONTRACTOR}/financial-reports`,
        { year: 2024, auditFirm: '吉林信达会计师事务所', reportNumber: '吉信审字〔2025〕第031号', auditedOn: '2025-03-10' },
        key,
      ),
    );
    expect(await findingCodes('220102')).not.toContain('MISSING_FINANCIAL_REPORT');
    // Completion with an unpaid instalment states its final settlement; the rest stays payable until settled.
    await refused(
      post(t, `/v1/contracts/${C}/completion`, { acceptedAt: '2025-03-18', report: '验收合格' }, key),
      422,
      'CONTRACT_MISMATCH',
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/completion`,
        { acceptedAt: '2025-03-18', report: '验收合格', finalSettlement: { amount: 6_000_000, reason: '整改期间服务折减' } },
        key,
      ),
    );
    await expectCreated(
      post(t, `/v1/contracts/${C}/payments`, { paymentId: 'p-2', amount: 6_000_000, paidAt: '2025-03-19', purpose: 'final_payment' }, key),
    );
    await refused(
      post(t, `/v1/contracts/${C}/payments`, { paymentId: 'p-3', amount: 1, paidAt: '2025-03-20', purpose: 'final_payment' }, key),
      422,
      'PAYMENT_EXCEEDS_CONTRACT',
    );
    // The past by the facts' own dates: on 2024-03-21 the project was awarded, with no contract.
    type ProjectView = { project: { status: string; project: { registeredOn: string } }; contracts: unknown[] };
    const then = await read<ProjectView>(`/v1/projects/${JL.project}`, { asOf: '2024-03-21' });
    expect(then).toMatchObject({ project: { status: 'awarded', project: { registeredOn: '2024-01-15' } }, contracts: [] });
  });

  it('Inner Mongolia 2023 (003): the previous year caps the budget, prohibited uses refused, approvals, the purchaser’s takeover', async () => {
    const { key } = NM;
    // 003 §一(三): the cap is 2% of the previous year's funds: FY2023 funds for FY2024 projects.
    await expectCreated(post(t, '/v1/funds', fund({ region: '150102', fiscalYear: 2023, reference: '财社〔2023〕9号' })));
    await expectCreated(
      post(t, '/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, name: '呼和浩特市社会工作服务中心', region: '150102' }), key),
    );
    const nm = project({
      projectId: NM.project,
      region: '150102',
      purchaser: { code: '150102000000', name: '呼和浩特市新城区民政局' },
      registeredOn: '2024-01-20',
    });
    await refused(post(t, '/v1/projects', { ...nm, budget: 20_000_001 }, key), 422, 'BUDGET_CAP_EXCEEDED', '200,000.00 CNY');
    await expectCreated(post(t, '/v1/projects', nm, key));
    const budget = await read<{ cap: number; reserved: number }>('/v1/budgets/150102/2024');
    expect(budget).toMatchObject({ cap: 20_000_000, reserved: 15_000_000 });
    // 004 §三(四): single source needs its justification, the finance approval and its public notice.
    const single = tender({ method: 'single_source', singleSourceJustification: '唯一具备资质的机构', approval: APPROVAL });
    await refused(post(t, `/v1/projects/${NM.project}/tender`, single, key), 422, 'APPROVAL_REQUIRED', 'publicNotice');
    await expectCreated(post(t, `/v1/projects/${NM.project}/tender`, tender(), key)); // competitive consultation, the norm in 003 §一(二)
    await expectCreated(post(t, `/v1/projects/${NM.project}/award`, award({ contractorUscc: OTHER_CONTRACTOR }), key));
    await expectCreated(post(t, `/v1/projects/${NM.project}/contracts`, contract({ contractId: NM.contract }), key));
    const C = NM.contract;
    // 003 §一(一): staff wages, office running costs, equipment and construction are not paid from these funds.
    for (const purpose of ['salaries', 'operating_expenses', 'equipment', 'construction']) {
      await refused(
        post(t, `/v1/contracts/${C}/payments`, { paymentId: `p-${purpose}`, amount: 100, paidAt: '2024-06-30', purpose }, key),
        422,
        'PROHIBITED_USE_OF_FUNDS',
      );
    }
    await expectCreated(
      post(t, `/v1/contracts/${C}/payments`, { paymentId: 'p-1', amount: 7_200_000, paidAt: '2024-06-30', purpose: 'service_fee' }, key),
    );
    // 000 §四(四)3; 001 §二(六): the plan recorded at signing is started after a service failure, without a penalty.
    await refused(post(t, `/v1/contracts/${C}/takeover`, { activatedAt: '2024-03-01', reason: '服务中断' }, key), 422, 'DATE_OUT_OF_ORDER');
    await expectCreated(post(t, `/v1/contracts/${C}/takeover`, { activatedAt: '2024-08-01', reason: '承接主体连续两周未入户服务' }, key));
    const state = await read<{ takeoverPlan: string; takeoverActivatedAt: string; takeoverReason: string; status: string }>(
      `/v1/contracts/${C}`,
    );
    expect(state).toMatchObject({ takeoverActivatedAt: '2024-08-01', takeoverReason: '承接主体连续两周未入户服务', status: 'active' });
    expect(state.takeoverPlan.length).toBeGreaterThan(0);
    const disclosed = await read<{ fundBase: number; cap: number }>('/v1/disclosure/budgets/150102/2024');
    expect(disclosed).toMatchObject({ fundBase: 1_000_000_000, cap: 20_000_000 });
  });
}

describe('issue 15 lifecycle: Jilin and Inner Mongolia [sqlite]', () => provinceSuite('sqlite'));
describePostgres('issue 15 lifecycle: Jilin and Inner Mongolia', () => provinceSuite('postgres'));
