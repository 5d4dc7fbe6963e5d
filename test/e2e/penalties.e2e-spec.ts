import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { C, CLOCK, CONTRACTOR, seedContract } from '../support/signed-contract';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';
import { AUTHORITY, creditRepair, ELIGIBILITY, penaltyDecision } from '../support/lifecycle';

const U = CONTRACTOR;
const BUYER = bearer(KEYS.purchaserChangchun);

/** A signed contract (2024-04-10) → a payment and two violations, through HTTP. */
async function seed(t: TestApp): Promise<void> {
  await seedContract(t);
  const ok = async (path: string, body: object): Promise<void> => {
    const res = await t.http.post(path).set(BUYER).send(body);
    if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await ok(`/v1/contracts/${C}/payments`, { paymentId: 'pay-1', amount: 30_000_000, paidAt: '2024-05-15', purpose: 'service_fee' });
  await ok(`/v1/contracts/${C}/violations`, {
    violationId: 'v-1',
    kind: 'fraud',
    severity: 'serious',
    occurredAt: '2024-06-01',
    description: '伪造入户调查记录',
  });
  await ok(`/v1/contracts/${C}/violations`, {
    violationId: 'v-2',
    kind: 'breach',
    severity: 'minor',
    occurredAt: '2024-06-02',
    description: '迟交月报',
  });
}

const DECISION = penaltyDecision({ authority: { ...AUTHORITY, name: '长春市民政局' } });
const PENALTY = { penaltyId: 'pen-1', violationIds: ['v-1'], decidedAt: '2024-07-01', ...DECISION };
const FULL = {
  ...PENALTY,
  fine: 5_000_000,
  terminateContract: true,
  debarment: { from: '2024-07-01', until: '2027-06-30' },
  publishDishonestyRecord: true,
};
const REVOKE = { decidedAt: '2024-09-01', reason: '行政复议决定撤销原处罚' };

function penaltiesSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seed(t);
  });
  afterEach(async () => t.close());

  const impose = (body: object, key: string = KEYS.purchaserChangchun, contractId = C) =>
    t.http.post(`/v1/contracts/${contractId}/penalties`).set(bearer(key)).send(body);
  const revoke = (body: object = REVOKE, key: string = KEYS.purchaserChangchun, penaltyId = 'pen-1') =>
    t.http.post(`/v1/penalties/${penaltyId}/revocation`).set(bearer(key)).send(body);
  const refused = async (send: () => Promise<Response>, status: number, code: string, ...inDetail: string[]): Promise<Response> => {
    const head = await t.store.head();
    const res = await send();
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status, code });
    for (const figure of inDetail) expect(bodyOf<ProblemBody>(res).detail).toContain(figure);
    expect(await t.store.head()).toBe(head);
    return res;
  };

  it('imposes a penalty with all its consequences in one commit, and revocation compensates them', async () => {
    const head = await t.store.head();
    const res = await t.http
      .post(`/v1/contracts/${C}/penalties`)
      .set(BUYER)
      .set('X-Correlation-Id', 'corr-pen-1')
      .send({ ...FULL, internalNote: 'PRIVATE-PENALTY' })
      .expect(201);
    expect(res.body).toEqual({ streamId: 'penalty-pen-1', version: 1, position: head + 8, eventIds: expect.any(Array) });
    const entries = await t.store.readAll(head, 100);
    expect(entries.map((e) => [e.type, e.streamId, e.streamVersion, e.position])).toEqual([
      ['PenaltyImposed', 'penalty-pen-1', 1, head + 1],
      ['ContractTerminated', `contract-${C}`, 5, head + 2],
      ['TakeoverActivated', `contract-${C}`, 6, head + 3],
      ['ContractorDebarred', `contractor-${U}`, 2, head + 4],
      ['DishonestyRecordPublished', `contractor-${U}`, 3, head + 5],
      // The termination releases what each year reserved and the payments did not use (000 §四(三)3, 000 §五):
      // 2024 held 80,000,000 − 37,500,000 moved to 2025, 30,000,000 of it paid; 2025 held 37,500,000, none paid.
      ['BudgetReleased', 'budget-220100-2024', 3, head + 6],
      ['BudgetReleased', 'budget-220100-2025', 2, head + 7],
      ['DecisionNumberIssued', `authority-${AUTHORITY.uscc}`, 1, head + 8],
    ]);
    expect(entries.slice(5, 7).map((e) => [(e.data as { amount: number }).amount, (e.data as { reason: string }).reason])).toEqual([
      [12_500_000, 'contract_terminated'],
      [37_500_000, 'contract_terminated'],
    ]);
    expect(bodyOf<CommandResponse>(res).eventIds).toEqual(entries.map((e) => e.eventId));
    expect(new Set(entries.map((e) => `${e.metadata.correlationId} ${e.metadata.causationId} ${e.metadata.role}`)).size).toBe(1);
    expect(entries[0].metadata.correlationId).toBe('corr-pen-1');
    expect(entries[0].data).toEqual({
      penaltyId: 'pen-1',
      contractId: C,
      projectId: 'P-2024-001',
      contractorUscc: U,
      violationIds: ['v-1'],
      evaluationIds: [],
      decidedAt: '2024-07-01',
      rectificationDeadline: null,
      ...DECISION,
      violationType: ['fraud'],
      severity: 'serious',
      dataSource: DECISION.authority,
      fine: 5_000_000,
      terminateContract: true,
      debarment: FULL.debarment,
      publishDishonestyRecord: true,
      // Decided 2024-07-01 (Order 58 of 2023: 3–36 months), none chosen: the maximum, to the day before 2027-07-01.
      publicationMonths: 36,
      publishedFrom: '2024-07-01',
      publishedUntil: '2027-06-30',
    });
    expect(entries[4].data).toEqual({
      uscc: U,
      penaltyId: 'pen-1',
      contractId: C,
      violationIds: ['v-1'],
      publishedAt: '2024-07-01',
      decisionNumber: DECISION.decisionNumber,
      legalBasis: DECISION.legalBasis,
      authority: DECISION.authority,
      severity: 'serious',
      publicationMonths: 36,
      publishedFrom: '2024-07-01',
      publishedUntil: '2027-06-30',
    });
    expect(entries[1].data).toEqual({
      contractId: C,
      penaltyId: 'pen-1',
      terminatedAt: '2024-07-01',
      paid: 30_000_000,
      unpaid: 45_000_000,
    });
    expect(entries[3].data).toEqual({
      uscc: U,
      penaltyId: 'pen-1',
      contractId: C,
      from: '2024-07-01',
      until: '2027-06-30',
      decidedAt: '2024-07-01',
      grounds: 'serious_violation',
    });
    expect(entries[7].data).toEqual({
      authorityUscc: AUTHORITY.uscc,
      decisionNumber: DECISION.decisionNumber,
      penaltyId: 'pen-1',
      decidedAt: '2024-07-01',
    });
    expect(entries.map((e) => e.private)).toEqual([
      { internalNote: 'PRIVATE-PENALTY' },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(JSON.stringify(entries.map((e) => e.data))).not.toContain('PRIVATE');

    const after = await t.store.head();
    const rev = await t.http
      .post('/v1/penalties/pen-1/revocation')
      .set(bearer(KEYS.purchaserJilin))
      .set('X-Correlation-Id', 'corr-rev-1')
      .send({ ...REVOKE, internalNote: 'PRIVATE-REVOCATION' })
      .expect(201);
    expect(rev.body).toEqual({ streamId: 'penalty-pen-1', version: 2, position: after + 3, eventIds: expect.any(Array) });
    const compensation = await t.store.readAll(after, 100);
    expect(compensation.map((e) => [e.type, e.streamId, e.streamVersion, e.metadata.correlationId])).toEqual([
      ['PenaltyRevoked', 'penalty-pen-1', 2, 'corr-rev-1'],
      ['DebarmentLifted', `contractor-${U}`, 4, 'corr-rev-1'],
      ['DishonestyRecordWithdrawn', `contractor-${U}`, 5, 'corr-rev-1'],
    ]);
    expect(compensation[0]).toMatchObject({
      data: { penaltyId: 'pen-1', contractId: C, contractorUscc: U, ...REVOKE },
      private: { internalNote: 'PRIVATE-REVOCATION' },
    });
    expect(compensation[1].data).toEqual({ uscc: U, penaltyId: 'pen-1', liftedAt: '2024-09-01', reason: REVOKE.reason });
    await refused(() => revoke({ ...REVOKE, decidedAt: '2024-09-02' }), 422, 'INVALID_STATE', 'already revoked on 2024-09-01');
  });

  it('imposes a fine alone as PenaltyImposed only; a revocation then compensates nothing else', async () => {
    const head = await t.store.head();
    await impose({ ...PENALTY, violationIds: ['v-2'], fine: 100_000 }).expect(201);
    const [entry, ...rest] = await t.store.readAll(head, 100);
    expect(rest.map((e) => e.type)).toEqual(['DecisionNumberIssued']);
    expect(entry).toMatchObject({
      type: 'PenaltyImposed',
      data: {
        violationIds: ['v-2'],
        fine: 100_000,
        terminateContract: false,
        publishDishonestyRecord: false,
        // Minor: not published.
        severity: 'minor',
        publicationMonths: null,
        publishedFrom: null,
        publishedUntil: null,
      },
    });
    expect(entry.private).toBeUndefined();
    await revoke().expect(201);
    expect((await t.store.readAll(head + 2, 100)).map((e) => e.type)).toEqual(['PenaltyRevoked']);
  });

  it('refuses penalties the rules do not allow, with 422 or 409 and the figures, appending nothing', async () => {
    await refused(
      () => impose({ ...PENALTY, violationIds: ['v-1', 'v-9'] }),
      422,
      'PENALTY_WITHOUT_VIOLATION',
      'v-9',
      'recorded: v-1, v-2',
    );
    await refused(
      () => impose({ ...FULL, debarment: { from: '2027-07-01', until: '2027-06-30' } }),
      422,
      'DEBARMENT_PERIOD_INVALID',
      '2027-07-01',
      '1 day(s) after',
    );
    await refused(
      () => impose({ ...PENALTY, violationIds: ['v-2'], debarment: FULL.debarment }),
      422,
      'DEBARMENT_PERIOD_INVALID',
      'serious',
      'v-2',
    );
    await refused(() => impose({ ...PENALTY, decidedAt: '2024-04-09' }), 422, 'DATE_OUT_OF_ORDER', '2024-04-09', '2024-04-10');
    await refused(
      () => impose({ ...PENALTY, violationIds: ['v-2'], publishDishonestyRecord: true }),
      422,
      'DISHONESTY_RECORD_NOT_ALLOWED',
      'is minor',
      'v-2 minor',
    );
    // A general violation (一般) is recorded through HTTP; it allows a published penalty but no dishonesty record.
    await t.http
      .post(`/v1/contracts/${C}/violations`)
      .set(BUYER)
      .send({ violationId: 'v-3', kind: 'service_failure', severity: 'general', occurredAt: '2024-06-03', description: '服务未达标' })
      .expect(201);
    await refused(
      () => impose({ ...PENALTY, violationIds: ['v-2', 'v-3'], publishDishonestyRecord: true }),
      422,
      'DISHONESTY_RECORD_NOT_ALLOWED',
      'is general (v-2 minor, v-3 general)',
    );
    await refused(() => impose({ ...PENALTY, publicationMonths: 2 }), 422, 'PUBLICATION_PERIOD_INVALID', 'allowed 3–36 months', '第58号');
    await refused(() => impose({ ...PENALTY, publicationMonths: 37 }), 422, 'PUBLICATION_PERIOD_INVALID', 'publicationMonths 37');
    await refused(
      () => impose({ ...PENALTY, violationIds: ['v-2'], publicationMonths: 3 }),
      422,
      'PUBLICATION_PERIOD_INVALID',
      'not published',
    );
    await refused(() => impose({ ...PENALTY, penaltyId: 'pen-x' }, KEYS.purchaserChangchun, 'C-unknown'), 404, 'NOT_FOUND', 'C-unknown');
    await impose(FULL).expect(201);
    await refused(() => impose({ ...PENALTY, violationIds: ['v-2'] }), 409, 'ALREADY_EXISTS', 'pen-1');
    // 文号 unique per authority: the same number of the same authority for another penalty is a 409.
    await refused(
      () => impose({ ...PENALTY, penaltyId: 'pen-3', violationIds: ['v-2'] }),
      409,
      'ALREADY_EXISTS',
      `decision number ${DECISION.decisionNumber} of 长春市民政局 (${AUTHORITY.uscc}) was already issued for penalty pen-1`,
    );
    await refused(
      () => impose({ ...PENALTY, penaltyId: 'pen-2', decisionNumber: '长民罚决字〔2024〕第2号', terminateContract: true }),
      422,
      'INVALID_STATE',
      'already terminated',
    );
    await refused(() => revoke({ ...REVOKE, decidedAt: '2024-06-30' }), 422, 'DATE_OUT_OF_ORDER', '2024-06-30', '2024-07-01');
    await refused(() => revoke(REVOKE, KEYS.purchaserChangchun, 'pen-unknown'), 404, 'NOT_FOUND', 'pen-unknown');
  });

  it('two penalties with one decision number of one authority at once: exactly one is imposed, the other is a 409', async () => {
    const head = await t.store.head();
    const results = await Promise.all([
      impose({ ...PENALTY, penaltyId: 'pen-a', fine: 100_000 }),
      impose({ ...PENALTY, penaltyId: 'pen-b', violationIds: ['v-2'], fine: 100_000 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ code: 'ALREADY_EXISTS' });
    const appended = await t.store.readAll(head, 100);
    expect(appended.map((e) => e.type)).toEqual(['PenaltyImposed', 'DecisionNumberIssued']);
  });

  it('answers 403 to a purchaser of another region or another role, on imposing and on revoking', async () => {
    await refused(() => impose(FULL, KEYS.purchaserInnerMongolia), 403, 'FORBIDDEN', '150000', '220100');
    await refused(() => impose(FULL, KEYS.auditor), 403, 'FORBIDDEN');
    await refused(() => impose(FULL, KEYS.creditPlatform), 403, 'FORBIDDEN');
    await impose(FULL).expect(201);
    await refused(() => revoke(REVOKE, KEYS.purchaserInnerMongolia), 403, 'FORBIDDEN', '150000', '220100');
    await refused(() => revoke(REVOKE, KEYS.auditor), 403, 'FORBIDDEN');
    await refused(() => t.http.post('/v1/penalties/pen-1/revocation').send(REVOKE), 401, 'UNAUTHENTICATED');
    await refused(() => revoke(REVOKE, KEYS.purchaserInnerMongolia, 'pen-unknown'), 404, 'NOT_FOUND');
    await revoke(REVOKE, KEYS.admin).expect(201);
  });

  it('answers 400 VALIDATION_FAILED for bad path ids and bad bodies, including inside debarment', async () => {
    for (const id of ['-x', 'a%2Fb', 'x'.repeat(65)]) {
      const a = await refused(() => impose(FULL, KEYS.purchaserChangchun, id), 400, 'VALIDATION_FAILED');
      expect(bodyOf<ProblemBody>(a).errors).toEqual([{ path: 'params.contractId', message: expect.any(String) }]);
      const b = await refused(() => revoke(REVOKE, KEYS.purchaserChangchun, id), 400, 'VALIDATION_FAILED');
      expect(bodyOf<ProblemBody>(b).errors).toEqual([{ path: 'params.penaltyId', message: expect.any(String) }]);
    }
    const cases: [object, string][] = [
      [{ ...FULL, debarment: { ...FULL.debarment, extra: 1 } }, 'debarment.extra'],
      [{ ...FULL, debarment: { from: '2024-07-01' } }, 'debarment.until'],
      [{ ...FULL, debarment: { from: '2024-07-01', until: '2027-02-29' } }, 'debarment.until'],
      [{ ...FULL, debarment: '2024-07-01/2027-06-30' }, 'debarment'],
      [{ ...FULL, debarment: null }, 'debarment'],
      [{ ...FULL, violationIds: [] }, 'violationIds'],
      [{ ...FULL, violationIds: ['v-1', 'v-1'] }, 'violationIds'],
      [{ ...FULL, violationIds: ['v/1'] }, 'violationIds'],
      [{ ...FULL, violationIds: 'v-1' }, 'violationIds'],
      [{ ...FULL, fine: 0 }, 'fine'],
      [{ ...FULL, fine: 1.5 }, 'fine'],
      [{ ...FULL, terminateContract: 'yes' }, 'terminateContract'],
      [{ ...FULL, publishDishonestyRecord: null }, 'publishDishonestyRecord'],
      [{ ...FULL, decidedAt: '2024-13-01' }, 'decidedAt'],
      [{ ...FULL, authority: '长春市民政局' }, 'authority'],
      [{ ...FULL, authority: { ...AUTHORITY, name: '' } }, 'authority.name'],
      [{ ...FULL, authority: { ...AUTHORITY, uscc: '11220102MB00000010' } }, 'authority.uscc'],
      [{ ...FULL, authority: { name: '长春市民政局' } }, 'authority.uscc'],
      [{ ...FULL, dataSource: { name: '吉林省民政厅' } }, 'dataSource.uscc'],
      [{ ...FULL, decisionNumber: '' }, 'decisionNumber'],
      [{ ...FULL, legalBasis: 7 }, 'legalBasis'],
      [{ ...FULL, facts: undefined }, 'facts'],
      [{ ...FULL, content: null }, 'content'],
      [{ ...FULL, penaltyCategories: [] }, 'penaltyCategories'],
      [{ ...FULL, penaltyCategories: ['fine', 'fine'] }, 'penaltyCategories'],
      [{ ...FULL, penaltyCategories: ['flogging'] }, 'penaltyCategories'],
      [{ ...FULL, publicationMonths: 12.5 }, 'publicationMonths'],
      [{ ...FULL, publicationMonths: '12' }, 'publicationMonths'],
      [{ ...FULL, extra: true }, 'extra'],
      [{ violationIds: ['v-1'] }, 'penaltyId'],
    ];
    for (const [body, path] of cases) {
      const res = await refused(() => impose(body), 400, 'VALIDATION_FAILED');
      expect(bodyOf<ProblemBody>(res).errors!.map((e) => e.path)).toContain(path);
    }
    await impose(FULL).expect(201);
    for (const [body, path] of [
      [{ decidedAt: '2024-09-01' }, 'reason'],
      [{ ...REVOKE, decidedAt: '1.9.2024' }, 'decidedAt'],
      [{ ...REVOKE, penaltyId: 'pen-2' }, 'penaltyId'],
    ] as const) {
      const res = await refused(() => revoke(body), 400, 'VALIDATION_FAILED');
      expect(bodyOf<ProblemBody>(res).errors!.map((e) => e.path)).toContain(path);
    }
  });

  it('a penalty for a serious violation within 3 years bars the next award (CONTRACTOR_CONDITIONS_UNMET), until it is revoked', async () => {
    await impose({ ...PENALTY, publishDishonestyRecord: true }).expect(201);
    const send = (path: string, body: object) => t.http.post(path).set(BUYER).send(body);
    const project = {
      projectId: 'P-2024-002',
      region: '220100',
      fiscalYear: 2024,
      registeredOn: '2024-01-15',
      purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    };
    await send('/v1/projects', { ...project, title: '特困人员照料', category: 'affairs.means_test', budget: 10_000_000 }).expect(201);
    await send('/v1/projects/P-2024-002/tender', {
      method: 'competitive_consultation',
      publishedAt: '2024-07-10',
      content: '入户调查 300 户',
      term: '6 months',
      quantity: '300 households',
      quality: '核对准确率 ≥ 98%',
      priceCeiling: 10_000_000,
      qualifications: '社会工作服务机构',
      evaluationStandards: '入户调查完成率、核对准确率，按季度评价',
    }).expect(201);
    const award = {
      contractorUscc: U,
      amount: 9_000_000,
      awardedAt: '2024-07-20',
      evaluationMethod: 'comprehensive_scoring',
      eligibility: ELIGIBILITY,
    };
    await refused(
      () => send('/v1/projects/P-2024-002/award', award),
      422,
      'CONTRACTOR_CONDITIONS_UNMET',
      'penalty pen-1 decided 2024-07-01',
      'eligibility.noMajorViolations',
    );
    // Revocation withdraws the record: void from the start, so it no longer counts.
    await revoke().expect(201);
    await send('/v1/projects/P-2024-002/award', award).expect(201);
  });
}

function creditRepairSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seed(t);
    // Serious, with a fine, decided 2024-07-01: Order 58 (2023) minimum 3 months → repairable from 2024-10-01.
    const res = await t.http.post(`/v1/contracts/${C}/penalties`).set(BUYER).send(FULL);
    if (res.status !== 201) throw new Error(`seed penalty: ${res.status} ${JSON.stringify(res.body)}`);
  });
  afterEach(async () => t.close());

  const repair = (body: object, key: string = KEYS.purchaserChangchun, uscc = U) =>
    t.http.post(`/v1/contractors/${uscc}/credit-repair`).set(bearer(key)).send(body);
  const UNPAID = creditRepair({ repairedAt: '2024-10-01' });
  const REPAIR = { ...UNPAID, finePaidOn: '2024-07-20' };
  const refused = async (send: () => Promise<Response>, status: number, code: string, ...inDetail: string[]): Promise<Response> => {
    const head = await t.store.head();
    const res = await send();
    const problem = bodyOf<ProblemBody>(res);
    expect({ status: res.status, code: problem.code }).toEqual({ status, code });
    for (const figure of inDetail) expect(problem.detail).toContain(figure);
    expect(await t.store.head()).toBe(head);
    return res;
  };

  it("repairs one penalty's record after its minimum period, then answers 409 for it; refusals append nothing", async () => {
    await refused(() => repair({ ...REPAIR, repairedAt: '2024-09-30' }), 422, 'CREDIT_REPAIR_TOO_EARLY', 'on or after 2024-10-01');
    await refused(() => repair({ ...REPAIR, obligationsFulfilled: false }), 422, 'CREDIT_REPAIR_CONDITIONS_UNMET', 'obligationsFulfilled');
    await refused(() => repair(UNPAID), 422, 'CREDIT_REPAIR_CONDITIONS_UNMET', 'finePaidOn is required');
    await refused(() => repair({ ...REPAIR, penaltyId: 'pen-unknown' }), 404, 'NOT_FOUND', 'pen-unknown');
    const head = await t.store.head();
    const res = await repair({ ...REPAIR, internalNote: 'PRIVATE-REPAIR' }).expect(201);
    expect(res.body).toMatchObject({ streamId: `contractor-${U}`, position: head + 1 });
    const [entry, ...rest] = await t.store.readAll(head, 100);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      type: 'CreditRepaired',
      schemaVersion: 2,
      data: {
        uscc: U,
        penaltyId: 'pen-1',
        penaltyIds: ['pen-1'],
        repairedAt: '2024-10-01',
        basis: REPAIR.basis,
        commitment: REPAIR.commitment,
        obligationsFulfilled: true,
        finePaidOn: '2024-07-20',
      },
      private: { internalNote: 'PRIVATE-REPAIR' },
    });
    await refused(() => repair({ ...REPAIR, repairedAt: '2024-11-01' }), 409, 'ALREADY_EXISTS', 'already ended: repaired on 2024-10-01');
  });

  it('409 for a record withdrawn by revocation', async () => {
    await t.http.post('/v1/penalties/pen-1/revocation').set(BUYER).send(REVOKE).expect(201);
    await refused(() => repair(REPAIR), 409, 'ALREADY_EXISTS', 'withdrawn on 2024-09-01');
  });

  it("admin and purchasers of the penalty's region only (403 otherwise); 400 for bad bodies", async () => {
    await refused(() => repair(REPAIR, KEYS.purchaserInnerMongolia), 403, 'FORBIDDEN', '150000', '220100');
    await refused(() => repair(REPAIR, KEYS.auditor), 403, 'FORBIDDEN');
    await refused(() => repair(REPAIR, KEYS.creditPlatform), 403, 'FORBIDDEN');
    for (const [body, path] of [
      [{ ...REPAIR, penaltyId: undefined }, 'penaltyId'],
      [{ ...REPAIR, commitment: '' }, 'commitment'],
      [{ ...REPAIR, obligationsFulfilled: 'true' }, 'obligationsFulfilled'],
      [{ ...REPAIR, finePaidOn: '2024-02-30' }, 'finePaidOn'],
      [{ ...REPAIR, penaltyIds: ['pen-1'] }, 'penaltyIds'],
    ] as const) {
      const res = await refused(() => repair(body), 400, 'VALIDATION_FAILED');
      expect(bodyOf<ProblemBody>(res).errors?.map((e) => e.path)).toContain(path);
    }
    await repair(REPAIR, KEYS.purchaserJilin).expect(201);
  });
}

describe('penalty commands [sqlite]', () => penaltiesSuite('sqlite'));
describePostgres('penalty commands', () => penaltiesSuite('postgres'));
describe('credit repair per penalty [sqlite]', () => creditRepairSuite('sqlite'));
describePostgres('credit repair per penalty', () => creditRepairSuite('postgres'));
