import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { C, CLOCK, CONTRACTOR, seedContract } from '../support/signed-contract';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';
import { AUTHORITY, ELIGIBILITY, penaltyDecision } from '../support/lifecycle';

/**
 * Issue 15 item 5 — 004 §三(五): 对考评不合格者，提出整改意见，并取消一定时期内承接政府购买社会工作服务资格. Evaluations carry
 * a grade, a penalty may cite failed evaluations (rectification deadline, debarment for a period), and the
 * findings list a failed evaluation that no penalty in force answers.
 */

const BUYER = bearer(KEYS.purchaserChangchun);
const OTHER = 'C-2024-002';
const FAILED = { evaluationId: 'e-fail', evaluator: 'third_party', score: 55, evaluatedAt: '2024-06-30' };
const DECISION = penaltyDecision({
  authority: { ...AUTHORITY, name: '长春市民政局' },
  legalBasis: '《民政部 财政部关于政府购买社会工作服务的指导意见》（民发〔2012〕196号）三(五)',
  facts: '第三方绩效考评不合格',
  penaltyCategories: ['debarment', 'other'],
  content: '责令限期整改，一年内取消承接政府购买服务资格',
});
const PENALTY = {
  penaltyId: 'pen-eval',
  evaluationIds: ['e-fail'],
  decidedAt: '2024-07-10',
  rectificationDeadline: '2024-09-30',
  debarment: { from: '2024-07-10', until: '2025-07-09' },
  ...DECISION,
};

interface ContractView {
  evaluations: { evaluationId: string; score: number; grade: string | null; position: number }[];
  penalties: { penaltyId: string; violationIds: string[]; evaluationIds: string[]; rectificationDeadline: string | null }[];
}
interface Findings {
  items: { code: string; contractId?: string; positions: number[]; detail: string }[];
}

/** A second project and contract (OTHER) of the same contractor, through HTTP: the home of an evaluation of another contract. */
async function seedOtherContract(t: TestApp): Promise<void> {
  const ok = async (path: string, body: object): Promise<void> => {
    const res = await t.http.post(path).set(BUYER).send(body);
    if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const purchaser = { code: '220100-MZJ', name: '长春市民政局' };
  await ok('/v1/projects', {
    projectId: 'P-2024-002',
    region: '220100',
    fiscalYear: 2024,
    registeredOn: '2024-03-01',
    purchaser,
    title: '特困人员入户调查',
    category: 'affairs.means_test',
    budget: 10_000_000,
  });
  await ok('/v1/projects/P-2024-002/tender', {
    method: 'competitive_consultation',
    publishedAt: '2024-03-12',
    content: '入户调查 300 户',
    term: '6 months',
    quantity: '300 households',
    quality: '核对准确率 ≥ 98%',
    priceCeiling: 10_000_000,
    qualifications: '社会工作服务机构',
    evaluationStandards: '入户调查完成率、核对准确率，按季度评价',
  });
  await ok('/v1/projects/P-2024-002/award', {
    contractorUscc: CONTRACTOR,
    amount: 9_000_000,
    awardedAt: '2024-04-02',
    evaluationMethod: 'comprehensive_scoring',
    eligibility: ELIGIBILITY,
  });
  await ok('/v1/projects/P-2024-002/contracts', {
    contractId: OTHER,
    signedAt: '2024-04-12',
    amount: 9_000_000,
    startDate: '2024-05-01',
    endDate: '2024-10-31',
    paymentSchedule: [{ dueDate: '2024-05-15', amount: 9_000_000 }],
    deliverables: '300 份入户调查报告',
    liabilities: '逾期按日万分之五支付违约金',
    takeoverPlan: '承接主体无法履约时，由区社会救助服务中心临时接管入户调查',
  });
}

function failedEvaluationsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seedContract(t);
    await seedOtherContract(t);
  });
  afterEach(async () => t.close());

  const evaluate = (body: object, contractId = C) => t.http.post(`/v1/contracts/${contractId}/evaluations`).set(BUYER).send(body);
  const impose = (body: object) => t.http.post(`/v1/contracts/${C}/penalties`).set(BUYER).send(body);
  const refused = async (send: () => Promise<Response>, status: number, code: string, ...inDetail: string[]): Promise<void> => {
    const head = await t.store.head();
    const res = await send();
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const figure of inDetail) expect(bodyOf<ProblemBody>(res).detail).toContain(figure);
    expect(await t.store.head()).toBe(head);
  };
  const contractView = async (): Promise<ContractView> =>
    bodyOf<ContractView>(
      await t.http
        .get(`/v1/contracts/${C}`)
        .query({ minPosition: await t.store.head() })
        .set(bearer(KEYS.auditor))
        .expect(200),
    );
  const unaddressed = async (): Promise<Findings['items']> => {
    const res = await t.http
      .get('/v1/audit/findings')
      .query({ region: '220100', fiscalYear: '2024', minPosition: await t.store.head() })
      .set(bearer(KEYS.auditor))
      .expect(200);
    return bodyOf<Findings>(res).items.filter((f) => f.code === 'FAILED_EVALUATION_UNADDRESSED');
  };

  it('records the grade: derived from the score when absent, as stated when given; GET /v1/contracts/:id shows it', async () => {
    const failed = bodyOf<CommandResponse>(await evaluate(FAILED).expect(201));
    const stated = bodyOf<CommandResponse>(
      await evaluate({ evaluationId: 'e-stated', evaluator: 'purchaser', score: 72, grade: 'good', evaluatedAt: '2024-07-01' }).expect(201),
    );
    const [one, two] = await t.store.readAll(failed.position - 1, 2);
    expect([one.schemaVersion, one.data]).toEqual([2, { contractId: C, ...FAILED, grade: 'fail' }]);
    // 72 bands as `pass`; the evaluator's stated grade is what is recorded.
    expect(two.data).toMatchObject({ evaluationId: 'e-stated', score: 72, grade: 'good' });
    expect((await contractView()).evaluations).toEqual([
      expect.objectContaining({ evaluationId: 'e-fail', score: 55, grade: 'fail', position: failed.position }),
      expect.objectContaining({ evaluationId: 'e-stated', score: 72, grade: 'good', position: stated.position }),
    ]);
    await refused(() => evaluate({ ...FAILED, evaluationId: 'e-bad', grade: 'bad' }), 400, 'VALIDATION_FAILED');
    await refused(() => evaluate({ ...FAILED, evaluationId: 'e-bad', grade: '不合格' }), 400, 'VALIDATION_FAILED');
  });

  it('a penalty citing a failed evaluation orders rectification and a debarment; refusals append nothing; the finding before and after', async () => {
    const failed = bodyOf<CommandResponse>(await evaluate(FAILED).expect(201));
    await evaluate({ evaluationId: 'e-pass', evaluator: 'purchaser', score: 75, evaluatedAt: '2024-07-01' }).expect(201);
    const other = bodyOf<CommandResponse>(
      await evaluate({ evaluationId: 'e-other', evaluator: 'third_party', score: 30, evaluatedAt: '2024-07-01' }, OTHER).expect(201),
    );
    const otherFinding = {
      code: 'FAILED_EVALUATION_UNADDRESSED',
      contractId: OTHER,
      positions: [other.position],
      detail: expect.any(String),
    };

    // Before any penalty: each failed evaluation is listed at once, with its position.
    expect(await unaddressed()).toEqual([
      {
        code: 'FAILED_EVALUATION_UNADDRESSED',
        contractId: C,
        positions: [failed.position],
        detail: expect.stringContaining('004 §三(五)'),
      },
      otherFinding,
    ]);

    const base = { ...PENALTY };
    await refused(() => impose({ ...base, evaluationIds: ['e-pass'] }), 422, 'PENALTY_WITHOUT_VIOLATION', 'e-pass graded pass (score 75)');
    await refused(
      () => impose({ ...base, evaluationIds: ['e-other'] }),
      422,
      'PENALTY_WITHOUT_VIOLATION',
      `cites evaluation e-other, not an evaluation of contract ${C}`,
    );
    await refused(() => impose({ ...base, evaluationIds: ['e-unknown'] }), 422, 'PENALTY_WITHOUT_VIOLATION', 'e-unknown');
    await refused(
      () => impose({ ...base, evaluationIds: undefined }),
      422,
      'PENALTY_WITHOUT_VIOLATION',
      'cites no violation and no failed evaluation',
    );
    await refused(() => impose({ ...base, evaluationIds: [] }), 400, 'VALIDATION_FAILED');
    await refused(
      () => impose({ ...base, rectificationDeadline: '2024-07-09' }),
      422,
      'DATE_OUT_OF_ORDER',
      'rectificationDeadline 2024-07-09',
    );
    await refused(() => impose({ ...base, rectificationDeadline: '2024-02-30' }), 400, 'VALIDATION_FAILED');
    await refused(() => impose({ ...base, decidedAt: '2024-06-29' }), 422, 'DATE_OUT_OF_ORDER', 'cites evaluation e-fail of 2024-06-30');
    await refused(() => impose({ ...base, publishDishonestyRecord: true }), 422, 'DISHONESTY_RECORD_NOT_ALLOWED', 'is general');

    const head = await t.store.head();
    await impose(PENALTY).expect(201);
    const entries = await t.store.readAll(head, 100);
    expect(entries.map((e) => e.type)).toEqual(['PenaltyImposed', 'ContractorDebarred', 'DecisionNumberIssued']);
    expect(entries[0].schemaVersion).toBe(3);
    expect(entries[0].data).toMatchObject({
      violationIds: [],
      evaluationIds: ['e-fail'],
      rectificationDeadline: '2024-09-30',
      violationType: [],
      severity: 'general',
      debarment: PENALTY.debarment,
      publishDishonestyRecord: false,
    });
    expect(entries[1].data).toMatchObject({ uscc: CONTRACTOR, penaltyId: 'pen-eval', from: '2024-07-10', until: '2025-07-09' });

    expect((await contractView()).penalties).toEqual([
      expect.objectContaining({ penaltyId: 'pen-eval', violationIds: [], evaluationIds: ['e-fail'], rectificationDeadline: '2024-09-30' }),
    ]);
    expect(await unaddressed()).toEqual([otherFinding]);
    // The credit read models carry what the penalty cites and orders.
    const credit = bearer(KEYS.creditPlatform);
    const record = await t.http
      .get(`/v1/credit/contractors/${CONTRACTOR}`)
      .query({ minPosition: await t.store.head() })
      .set(credit)
      .expect(200);
    expect(bodyOf<ContractView>(record).penalties).toEqual([
      expect.objectContaining({
        penaltyId: 'pen-eval',
        evaluationIds: ['e-fail'],
        rectificationDeadline: '2024-09-30',
        severity: 'general',
      }),
    ]);
    const xzcf = await t.http
      .get('/v1/credit/penalties/xzcf')
      .query({ minPosition: await t.store.head() })
      .set(credit)
      .expect(200);
    expect(bodyOf<{ items: Record<string, string>[] }>(xzcf).items).toEqual([
      expect.objectContaining({ CF_WFXW: '绩效考评不合格', CF_YXQ: '2025-07-09', BZ: '账本处罚编号：pen-eval；整改期限：2024-09-30' }),
    ]);

    // Revoked, the penalty no longer answers the failed evaluation: listed again, with the penalty and its revocation.
    const beforeRevocation = await t.store.head();
    await t.http.post('/v1/penalties/pen-eval/revocation').set(BUYER).send({ decidedAt: '2024-08-01', reason: '行政复议撤销' }).expect(201);
    const revocation = (await t.store.readAll(beforeRevocation, 100)).map((e) => [e.type, e.position]);
    expect(revocation).toEqual([
      ['PenaltyRevoked', beforeRevocation + 1],
      ['DebarmentLifted', beforeRevocation + 2],
    ]);
    const [again] = (await unaddressed()).filter((f) => f.contractId === C);
    expect(again.positions).toEqual([failed.position, entries[0].position, beforeRevocation + 1]);
    expect(again.detail).toContain('(revoked: pen-eval)');
  });
}

describe('failed evaluations and their follow-up [sqlite]', () => failedEvaluationsSuite('sqlite'));
describePostgres('failed evaluations and their follow-up', () => failedEvaluationsSuite('postgres'));
