import { expect } from '@jest/globals';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';
import { CONTRACTOR, expectCreated, penaltyDecision, post, signedContract } from '../support/lifecycle';

/**
 * One meaning of time (issue 15; API.md "Conventions"): `?asOf=<date>` is what was true on that day by the facts'
 * own dates, however late they were recorded; `?recordedBefore=<instant>` is the ledger as known at an instant.
 * On project state, contract state and the credit record.
 */
const C = 'cc-2024-001-c1';
const pay = (paymentId: string, amount: number, paidAt: string) => ({ paymentId, amount, paidAt, purpose: 'service_fee' });

interface ContractView {
  readonly asOf?: string;
  readonly recordedBefore?: string;
  readonly paid: number;
  readonly payments: readonly { paymentId: string }[];
  readonly penalties: readonly unknown[];
}

function timeViewSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  let knownBefore: string;
  const key = KEYS.purchaserJilin;
  const get = async <T>(path: string, query: Record<string, string>, as: string = KEYS.auditor): Promise<T> =>
    bodyOf<T>(await t.http.get(path).query(query).set(bearer(as)).expect(200));

  beforeAll(async () => {
    t = await startTestApp(kind);
    await signedContract(t); // registered 2024-01-15, tender 03-01, award 03-20, signed 03-25
    await expectCreated(post(t, `/v1/contracts/${C}/payments`, pay('pay-jun', 7_200_000, '2024-06-30'), key));
    await new Promise((r) => setTimeout(r, 20));
    knownBefore = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    // Recorded late, dated early: a May payment entered after the June one.
    await expectCreated(post(t, `/v1/contracts/${C}/payments`, pay('pay-may', 100, '2024-05-10'), key));
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/violations`,
        { violationId: 'v-1', kind: 'fraud', severity: 'serious', occurredAt: '2024-06-20', description: '伪造服务记录' },
        key,
      ),
    );
    await expectCreated(
      post(
        t,
        `/v1/contracts/${C}/penalties`,
        {
          penaltyId: 'pen-1',
          violationIds: ['v-1'],
          decidedAt: '2024-07-01',
          ...penaltyDecision({ penaltyCategories: ['debarment'], content: '一年内禁止参与' }),
          debarment: { from: '2024-07-01', until: '2025-06-30' },
        },
        key,
      ),
    );
  });
  afterAll(async () => t.close());

  it('project: asOf a business date folds the facts dated on or before it', async () => {
    type Project = { asOf?: string; project: { status: string }; contracts: unknown[] };
    expect(await get<Project>('/v1/projects/cc-2024-001', { asOf: '2024-03-20' })).toMatchObject({
      asOf: '2024-03-20',
      project: { status: 'awarded' },
      contracts: [],
    });
    expect(await get<Project>('/v1/projects/cc-2024-001', { asOf: '2024-03-25' })).toMatchObject({ contracts: [{ contractId: C }] });
    const early = await t.http.get('/v1/projects/cc-2024-001').query({ asOf: '2024-01-14' }).set(bearer(KEYS.auditor)).expect(404);
    expect(bodyOf<ProblemBody>(early).detail).toContain('was not registered asOf 2024-01-14');
  });

  it('contract: asOf counts a payment recorded late by its own date; recordedBefore gives what the ledger knew', async () => {
    const june1 = await get<ContractView>(`/v1/contracts/${C}`, { asOf: '2024-06-01' }, key);
    expect(june1).toMatchObject({ asOf: '2024-06-01', paid: 100, payments: [{ paymentId: 'pay-may' }], penalties: [] });
    const known = await get<ContractView>(`/v1/contracts/${C}`, { recordedBefore: knownBefore }, key);
    expect(known).toMatchObject({ recordedBefore: knownBefore, paid: 7_200_000, payments: [{ paymentId: 'pay-jun' }] });
    const now = await get<ContractView>(`/v1/contracts/${C}`, {}, key);
    expect(now.paid).toBe(7_200_100);
    expect(now.penalties).toHaveLength(1);
    expect(now.asOf).toBeUndefined();
    const july2 = await get<ContractView>(`/v1/contracts/${C}`, { asOf: '2024-07-02' }, key);
    expect(july2).toMatchObject({ paid: 7_200_100, penalties: [{ penaltyId: 'pen-1' }] });
  });

  it('credit record: asOf judges penalties and the debarment on that day', async () => {
    type Record = {
      asOf?: string;
      violations: unknown[];
      penalties: unknown[];
      debarments: unknown[];
      debarredOn: { date: string; debarred: boolean };
    };
    const before = await get<Record>(`/v1/credit/contractors/${CONTRACTOR}`, { asOf: '2024-06-30' });
    expect(before).toMatchObject({
      asOf: '2024-06-30',
      penalties: [],
      debarments: [],
      debarredOn: { date: '2024-06-30', debarred: false },
    });
    const after = await get<Record>(`/v1/credit/contractors/${CONTRACTOR}`, { asOf: '2024-07-02' });
    // The contract is not announced: the record still shows the violation on it, in the past view as now.
    expect(after).toMatchObject({
      violations: [{ violationId: 'v-1' }],
      penalties: [{ penaltyId: 'pen-1' }],
      debarredOn: { date: '2024-07-02', debarred: true },
    });
    const known = await get<Record>(`/v1/credit/contractors/${CONTRACTOR}`, { recordedBefore: knownBefore });
    expect(known.penalties).toEqual([]);
  });

  it('400 for a malformed view or both at once, appending nothing', async () => {
    for (const [path, query] of [
      ['/v1/projects/cc-2024-001', { asOf: 'yesterday' }],
      ['/v1/projects/cc-2024-001', { recordedBefore: '2024-05-01' }],
      [`/v1/contracts/${C}`, { asOf: '2024-02-30' }],
      [`/v1/contracts/${C}`, { asOf: '2024-05-01', recordedBefore: '2024-05-01T00:00:00Z' }],
      [`/v1/credit/contractors/${CONTRACTOR}`, { recordedBefore: 'now' }],
    ] as const) {
      const res = await t.http.get(path).query(query).set(bearer(KEYS.auditor));
      expect({ path, status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ path, status: 400, code: 'VALIDATION_FAILED' });
    }
  });
}

describe('asOf and recordedBefore [sqlite]', () => timeViewSuite('sqlite'));
describePostgres('asOf and recordedBefore', () => timeViewSuite('postgres'));
