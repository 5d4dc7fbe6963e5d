import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { award, contract, expectCreated, post, registeredProject, tender } from '../support/lifecycle';
import { AMOUNT, C, CLOCK, seedContract } from '../support/signed-contract';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';

/**
 * Issue 15 items 12–13 through the HTTP API: instalments inside the term (000 §四(三)1), the final
 * settlement on acceptance and the payments it leaves payable (000 §四(五)2), the takeover plan made at
 * signing and started by the purchaser (000 §四(四)3; 001 §二(六)).
 */
function contractTermsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  afterEach(async () => t.close());

  /** A refusal: status, code, the figures in the detail, and the ledger head unchanged. */
  const refused = async (send: () => Promise<Response>, status: number, code: string, ...inDetail: string[]): Promise<ProblemBody> => {
    const head = await t.store.head();
    const res = await send();
    const problem = bodyOf<ProblemBody>(res);
    expect({ status: res.status, code: problem.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const figure of inDetail) expect(problem.detail).toContain(figure);
    expect(await t.store.head()).toBe(head);
    return problem;
  };
  const lastEntry = async () => (await t.store.readAll((await t.store.head()) - 1, 1))[0];
  const contractView = async (contractId: string, minPosition: number) =>
    bodyOf<Record<string, unknown>>(
      await t.http.get(`/v1/contracts/${contractId}?minPosition=${minPosition}`).set(bearer(KEYS.auditor)).expect(200),
    );

  describe('signing', () => {
    beforeEach(async () => {
      t = await startTestApp(kind);
      await registeredProject(t);
      await expectCreated(post(t, '/v1/projects/cc-2024-001/tender', tender(), KEYS.purchaserJilin));
      await expectCreated(post(t, '/v1/projects/cc-2024-001/award', award(), KEYS.purchaserJilin));
    });
    const sign = (body: object) => post(t, '/v1/projects/cc-2024-001/contracts', body, KEYS.purchaserJilin);

    it('refuses an instalment due outside the term (422 CONTRACT_MISMATCH naming it) and a missing or blank takeoverPlan (400)', async () => {
      const schedule = (first: string, second: string) => ({
        paymentSchedule: [
          { dueDate: first, amount: 7_200_000 },
          { dueDate: second, amount: 7_200_000 },
        ],
      });
      await refused(
        () => sign(contract(schedule('2024-06-30', '2025-04-01'))),
        422,
        'CONTRACT_MISMATCH',
        'instalment 2 of 72,000.00 CNY is due on 2025-04-01, outside the term 2024-04-01 … 2025-03-31 (000 §四(三)1)',
      );
      await refused(() => sign(contract(schedule('2024-03-31', '2024-12-31'))), 422, 'CONTRACT_MISMATCH', 'instalment 1', '2024-03-31');
      const { takeoverPlan: _plan, ...withoutPlan } = contract();
      for (const body of [withoutPlan, contract({ takeoverPlan: ' \n ' }), contract({ takeoverPlan: 7 })]) {
        const problem = await refused(() => sign(body), 400, 'VALIDATION_FAILED');
        expect(problem.errors!.map((e) => e.path)).toContain('takeoverPlan');
      }
    });

    it('records the takeoverPlan in ContractSigned v2; the contract view shows it, the public disclosure does not', async () => {
      const plan = '街道社工站 24 小时内接管在册服务对象 TAKEOVER-PLAN-TEXT';
      const res = await expectCreated(sign(contract({ takeoverPlan: plan })));
      const entry = (await t.store.readAll(bodyOf<CommandResponse>(res).position - 2, 1))[0];
      expect(entry).toMatchObject({ type: 'ContractSigned', schemaVersion: 2, data: { takeoverPlan: plan } });
      const announced = await expectCreated(
        post(t, '/v1/contracts/cc-2024-001-c1/announcement', { announcedAt: '2024-03-26', url: 'https://www.ccgp-jilin.gov.cn/n/1' }),
      );
      const position = bodyOf<CommandResponse>(announced).position;
      expect(await contractView('cc-2024-001-c1', position)).toMatchObject({
        takeoverPlan: plan,
        takeoverActivatedAt: null,
        finalSettlement: null,
      });
      const disclosed = await t.http.get(`/v1/disclosure/projects/cc-2024-001?minPosition=${position}`).expect(200);
      expect(JSON.stringify(disclosed.body)).toContain('cc-2024-001-c1');
      expect(JSON.stringify(disclosed.body)).not.toContain('TAKEOVER-PLAN-TEXT');
    });
  });

  describe('under a signed contract (750,000.00 CNY; instalments 2024-05-15 and 2025-04-15)', () => {
    beforeEach(async () => {
      t = await startTestApp(kind, {}, CLOCK);
      await seedContract(t);
    });
    const send = (route: string, body: object, key: string = KEYS.purchaserChangchun) =>
      t.http.post(`/v1/contracts/${C}/${route}`).set(bearer(key)).send(body);
    const pay = (paymentId: string, amount: number, paidAt = '2024-05-15') =>
      send('payments', { paymentId, amount, paidAt, purpose: paidAt > '2025-04-20' ? 'final_payment' : 'service_fee' });
    const HALF = AMOUNT / 2;

    it('completion with unpaid instalments needs finalSettlement; payments after acceptance reach the settlement, no more', async () => {
      await expectCreated(pay('pay-1', HALF));
      const acceptance = { acceptedAt: '2025-04-20', report: '验收合格' };
      await refused(
        () => send('completion', acceptance),
        422,
        'CONTRACT_MISMATCH',
        'has 375,000.00 CNY of its 750,000.00 CNY payment schedule unpaid; acceptance needs finalSettlement',
      );
      await refused(
        () => send('completion', { ...acceptance, finalSettlement: { amount: HALF + 1, reason: '尾款' } }),
        422,
        'CONTRACT_MISMATCH',
        'finalSettlement of 375,000.01 CNY exceeds the unpaid remainder 375,000.00 CNY',
      );
      const blank = await refused(
        () => send('completion', { ...acceptance, finalSettlement: { amount: 1, reason: ' ' } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(blank.errors!.map((e) => e.path)).toContain('finalSettlement.reason');

      const settlement = { amount: 30_000_000, reason: '扣减未达标服务 75,000 元，余款验收后支付' };
      await expectCreated(send('completion', { ...acceptance, finalSettlement: settlement }));
      expect(await lastEntry()).toMatchObject({
        type: 'ContractCompleted',
        schemaVersion: 2,
        data: { contractId: C, ...acceptance, paid: HALF, finalSettlement: settlement },
      });

      await expectCreated(pay('pay-2', 20_000_000, '2025-05-10'));
      await refused(
        () => pay('pay-3', 10_000_001, '2025-05-20'),
        422,
        'PAYMENT_EXCEEDS_CONTRACT',
        'exceeds what remains payable under contract C-2024-001 after its acceptance on 2025-04-20: 100,000.00 CNY of the final settlement of 300,000.00 CNY',
      );
      const last = await expectCreated(pay('pay-3', 10_000_000, '2025-05-20'));
      await refused(() => pay('pay-4', 1, '2025-05-21'), 422, 'PAYMENT_EXCEEDS_CONTRACT', '0.00 CNY of the final settlement');
      // A completed contract's takeover plan can no longer be started.
      await refused(() => send('takeover', { activatedAt: '2025-05-01', reason: '服务中断' }), 422, 'INVALID_STATE', 'is completed');

      expect(await contractView(C, bodyOf<CommandResponse>(last).position)).toMatchObject({
        status: 'completed',
        paid: HALF + 30_000_000,
        acceptedAt: '2025-04-20',
        finalSettlement: settlement,
      });
    });

    it('the purchaser starts the takeover plan without a penalty; refused before the signing, twice, or for another region', async () => {
      const takeover = { activatedAt: '2024-09-02', reason: '承接主体连续 7 日未上门服务' };
      await refused(
        () => send('takeover', { ...takeover, activatedAt: '2024-04-09' }),
        422,
        'DATE_OUT_OF_ORDER',
        'takeover activated on 2024-04-09, before contract C-2024-001 was signed (2024-04-10)',
      );
      const blank = await refused(() => send('takeover', { ...takeover, reason: '  ' }), 400, 'VALIDATION_FAILED');
      expect(blank.errors!.map((e) => e.path)).toContain('reason');
      await refused(() => send('takeover', takeover, KEYS.purchaserInnerMongolia), 403, 'FORBIDDEN');
      await refused(() => send('takeover', takeover, KEYS.auditor), 403, 'FORBIDDEN');

      const res = await expectCreated(send('takeover', { ...takeover, internalNote: 'PRIVATE-NOTE' }));
      expect(bodyOf<CommandResponse>(res)).toMatchObject({ streamId: `contract-${C}`, version: 2 });
      const entry = await lastEntry();
      expect(entry).toMatchObject({
        type: 'TakeoverActivated',
        schemaVersion: 2,
        data: { contractId: C, projectId: 'P-2024-001', penaltyId: null, ...takeover },
        private: { internalNote: 'PRIVATE-NOTE' },
      });
      await refused(
        () => send('takeover', { ...takeover, activatedAt: '2024-10-01' }),
        422,
        'INVALID_STATE',
        'already activated on 2024-09-02',
      );

      // The takeover does not end the contract: it stays active, and payments go on.
      const paid = await expectCreated(pay('pay-1', HALF));
      expect(await contractView(C, bodyOf<CommandResponse>(paid).position)).toMatchObject({
        status: 'active',
        takeoverActivatedAt: '2024-09-02',
        takeoverReason: takeover.reason,
        takeoverPenaltyId: null,
        paid: HALF,
      });
    });
  });
}

describe('contract terms: instalments, final settlement, takeover [sqlite]', () => contractTermsSuite('sqlite'));
describePostgres('contract terms: instalments, final settlement, takeover', () => contractTermsSuite('postgres'));
