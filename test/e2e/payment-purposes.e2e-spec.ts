import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import {
  award,
  contract,
  contractor,
  expectCreated,
  fund,
  OTHER_CONTRACTOR,
  post,
  project,
  signedContract,
  tender,
} from '../support/lifecycle';
import { PAYMENT_PURPOSES } from '../../src/policy/catalogue';

/**
 * `purpose` is a code list everywhere (DOMAIN.md PROHIBITED_USE_OF_FUNDS); the uses 003 §一(一) forbids are
 * refused where 003 applies (Inner Mongolia) and paid elsewhere, whose sources forbid none.
 */
const NM_CONTRACT = 'nm-2024-001-c1';
const JL_CONTRACT = 'cc-2024-001-c1';
const PAYMENT = { paymentId: 'pay-1', amount: 100, paidAt: '2024-06-30', purpose: 'service_fee' };

function purposesSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    // After every business date below, so each is judged by the pack in force on it (nm-2023, jl-2020).
    t = await startTestApp(kind, {}, () => new Date('2024-07-01T02:00:00Z'));
    await signedContract(t); // Jilin, 220102
    const nm = KEYS.purchaserInnerMongolia;
    // Inner Mongolia caps FY2024 by the previous year's funds (003 §一(三)).
    await expectCreated(post(t, '/v1/funds', fund({ region: '150102', fiscalYear: 2023, reference: '财社〔2023〕9号' })));
    await expectCreated(
      post(t, '/v1/contractors', contractor({ uscc: OTHER_CONTRACTOR, name: '呼和浩特市社会工作服务中心', region: '150102' }), nm),
    );
    await expectCreated(
      post(
        t,
        '/v1/projects',
        project({ projectId: 'nm-2024-001', region: '150102', purchaser: { code: '150102000000', name: '呼和浩特市新城区民政局' } }),
        nm,
      ),
    );
    await expectCreated(post(t, '/v1/projects/nm-2024-001/tender', tender(), nm));
    await expectCreated(post(t, '/v1/projects/nm-2024-001/award', award({ contractorUscc: OTHER_CONTRACTOR }), nm));
    await expectCreated(post(t, '/v1/projects/nm-2024-001/contracts', contract({ contractId: NM_CONTRACT }), nm));
  });
  afterAll(async () => t.close());

  let n = 0;
  const pay = (contractId: string, purpose: unknown, key: string): Promise<Response> =>
    post(t, `/v1/contracts/${contractId}/payments`, { ...PAYMENT, paymentId: `pay-${++n}`, purpose }, key);
  const refused = async (send: () => Promise<Response>, status: number, code: string): Promise<ProblemBody> => {
    const head = await t.store.head();
    const res = await send();
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await t.store.head()).toBe(head);
    return bodyOf<ProblemBody>(res);
  };

  it.each([
    ['wages', KEYS.purchaserJilin, JL_CONTRACT],
    ['工资', KEYS.purchaserJilin, JL_CONTRACT],
    ['Salaries', KEYS.purchaserInnerMongolia, NM_CONTRACT],
    ['', KEYS.purchaserInnerMongolia, NM_CONTRACT],
  ])('400 VALIDATION_FAILED for the free-text purpose %j, listing the codes; nothing appended', async (purpose, key, contractId) => {
    const problem = await refused(() => pay(contractId, purpose, key), 400, 'VALIDATION_FAILED');
    expect(problem.errors).toEqual([{ path: 'purpose', message: expect.stringContaining(PAYMENT_PURPOSES.join(', ')) }]);
  });

  it.each(['salaries', 'operating_expenses', 'equipment', 'construction'])(
    'Inner Mongolia: 422 PROHIBITED_USE_OF_FUNDS for %s, citing 003 §一(一); nothing appended',
    async (purpose) => {
      const problem = await refused(() => pay(NM_CONTRACT, purpose, KEYS.purchaserInnerMongolia), 422, 'PROHIBITED_USE_OF_FUNDS');
      expect(problem.detail).toContain(`for purpose ${purpose} is refused`);
      expect(problem.detail).toContain('003 §一(一)');
      expect(problem.detail).toContain('nm-2023');
    },
  );

  it('Inner Mongolia pays a service fee; Jilin pays the purposes its sources do not forbid', async () => {
    await expectCreated(pay(NM_CONTRACT, 'service_fee', KEYS.purchaserInnerMongolia));
    for (const purpose of ['salaries', 'operating_expenses', 'equipment', 'construction'])
      await expectCreated(pay(JL_CONTRACT, purpose, KEYS.purchaserJilin));
    // The read model shows each purpose as recorded.
    const head = await t.store.head();
    const res = await t.http.get(`/v1/contracts/${JL_CONTRACT}`).query({ minPosition: head }).set(bearer(KEYS.auditor)).expect(200);
    expect(bodyOf<{ payments: { purpose: string }[] }>(res).payments.map((p) => p.purpose)).toEqual([
      'salaries',
      'operating_expenses',
      'equipment',
      'construction',
    ]);
  });
}

describe('payment purposes [sqlite]', () => purposesSuite('sqlite'));
describePostgres('payment purposes', () => purposesSuite('postgres'));
