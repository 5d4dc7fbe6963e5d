import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import type { LedgerEntry } from '../../src/ledger/event-store.port';
import { describePostgres } from '../support/postgres-server';
import { bearer, KEYS, startTestApp, TestApp } from '../support/app';
import { C, CLOCK, CONTRACTOR, seedContract } from '../support/signed-contract';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';

const ROUTES = {
  announcement: { announcedAt: '2024-04-12', url: 'https://www.ccgp-jilin.gov.cn/contracts/C-2024-001' },
  payments: { paymentId: 'pay-1', amount: 37_500_000, paidAt: '2024-05-15', purpose: 'service_fee' },
  evaluations: { evaluationId: 'eval-1', evaluator: 'third_party', score: 92.5, evaluatedAt: '2024-07-01' },
  violations: { violationId: 'v-1', kind: 'fraud', severity: 'serious', occurredAt: '2024-06-01', description: '伪造入户调查记录' },
  completion: { acceptedAt: '2025-04-30', report: '验收合格' },
} as const;
type Route = keyof typeof ROUTES;
/** Half the schedule is unpaid on acceptance in the first test: the settlement says what remains payable (000 §四(三)1). */
const SETTLEMENT = { amount: 37_500_000, reason: '尾款于验收合格后支付' };

function contractsSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(kind, {}, CLOCK);
    await seedContract(t);
  });
  afterEach(async () => t.close());

  const post = (route: Route, body: object, key: string = KEYS.purchaserChangchun, contractId = C) =>
    t.http.post(`/v1/contracts/${contractId}/${route}`).set(bearer(key)).send(body);
  const appended = async (after: number): Promise<LedgerEntry[]> => t.store.readAll(after, 100);
  /** A refusal: the status, the code, the figures in the detail, and nothing appended. */
  const refused = async (send: () => Promise<Response>, status: number, code: string, ...inDetail: string[]): Promise<Response> => {
    const head = await t.store.head();
    const res = await send();
    expect({ status: res.status, code: bodyOf<ProblemBody>(res).code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    for (const figure of inDetail) expect(bodyOf<ProblemBody>(res).detail).toContain(figure);
    expect(await t.store.head()).toBe(head);
    return res;
  };

  it('appends each command to contract-<id> with its metadata, the internal note only in private', async () => {
    const expected: [Route, string, object][] = [
      ['announcement', 'ContractAnnounced', { contractId: C, ...ROUTES.announcement }],
      ['payments', 'PaymentMade', { contractId: C, ...ROUTES.payments }],
      // No grade stated: 92.5 is 优秀 by the pack's thresholds.
      [
        'evaluations',
        'PerformanceEvaluated',
        { contractId: C, ...ROUTES.evaluations, summary: '整体满意', satisfactionRate: 0.95, grade: 'excellent' },
      ],
      ['violations', 'ViolationRecorded', { contractId: C, contractorUscc: CONTRACTOR, ...ROUTES.violations }],
      ['completion', 'ContractCompleted', { contractId: C, ...ROUTES.completion, paid: 37_500_000, finalSettlement: SETTLEMENT }],
    ];
    for (const [i, [route, type, data]] of expected.entries()) {
      const head = await t.store.head();
      const extra =
        route === 'evaluations'
          ? { summary: '整体满意', satisfactionRate: 0.95 }
          : route === 'completion'
            ? { finalSettlement: SETTLEMENT }
            : {};
      const key = i % 2 === 0 ? KEYS.purchaserChangchun : KEYS.purchaserJilin; // 220000 covers 220100
      const res = await t.http
        .post(`/v1/contracts/${C}/${route}`)
        .set(bearer(key))
        .set('X-Correlation-Id', `corr-${route}`)
        .send({ ...ROUTES[route], ...extra, internalNote: `PRIVATE-${route}` })
        .expect(201);
      expect(res.body).toEqual({ streamId: `contract-${C}`, version: i + 2, position: head + 1, eventIds: [expect.any(String)] });
      expect(res.headers.etag).toBe(`"${i + 2}"`);
      const entries = await appended(head);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        position: head + 1,
        streamId: `contract-${C}`,
        streamVersion: i + 2,
        eventId: bodyOf<CommandResponse>(res).eventIds[0],
        type,
        schemaVersion: type === 'ContractCompleted' || type === 'PerformanceEvaluated' ? 2 : 1, // v2: the settlement, the grade (issue 15)
        metadata: { role: 'purchaser', correlationId: `corr-${route}`, causationId: expect.any(String) },
        private: { internalNote: `PRIVATE-${route}` },
        privateDigest: expect.any(String),
      });
      expect(entries[0].data).toEqual(data);
      expect(JSON.stringify(entries[0].data)).not.toContain('PRIVATE');
    }
  });

  it('refuses announcing twice (422 INVALID_STATE), or before the signing (422 DATE_OUT_OF_ORDER)', async () => {
    await refused(
      () => post('announcement', { ...ROUTES.announcement, announcedAt: '2024-04-09' }),
      422,
      'DATE_OUT_OF_ORDER',
      '2024-04-09',
      '2024-04-10',
    );
    await post('announcement', ROUTES.announcement).expect(201);
    await refused(
      () => post('announcement', { ...ROUTES.announcement, announcedAt: '2024-04-13' }),
      422,
      'INVALID_STATE',
      'already announced on 2024-04-12',
    );
  });

  it('refuses payments over the contract amount, twice, before signing or after completion (purposes: payment-purposes.e2e-spec.ts)', async () => {
    await post('payments', ROUTES.payments).expect(201);
    await refused(
      () => post('payments', { ...ROUTES.payments, paymentId: 'pay-2', amount: 37_500_001 }),
      422,
      'PAYMENT_EXCEEDS_CONTRACT',
      '375,000.01 CNY',
      '375,000.00 CNY',
      '750,000.01 CNY',
      '750,000.00 CNY',
      '0.01 CNY',
    );
    await refused(() => post('payments', ROUTES.payments), 409, 'ALREADY_EXISTS', 'pay-1');
    await refused(
      () => post('payments', { ...ROUTES.payments, paymentId: 'pay-0', paidAt: '2024-04-01' }),
      422,
      'DATE_OUT_OF_ORDER',
      '2024-04-01',
      '2024-04-10',
    );
    await post('payments', { ...ROUTES.payments, paymentId: 'pay-2' }).expect(201); // exactly the contract amount
    await post('completion', ROUTES.completion).expect(201);
    await refused(() => post('payments', { ...ROUTES.payments, paymentId: 'pay-3', amount: 1 }), 422, 'INVALID_STATE', 'completed');
    await refused(() => post('completion', ROUTES.completion), 422, 'INVALID_STATE', 'completed');
  });

  it('refuses a repeated evaluation or violation with 409, an early evaluation or a minor subcontracting with 422', async () => {
    await post('evaluations', ROUTES.evaluations).expect(201);
    await refused(() => post('evaluations', ROUTES.evaluations), 409, 'ALREADY_EXISTS', 'eval-1');
    await refused(
      () => post('evaluations', { ...ROUTES.evaluations, evaluationId: 'eval-0', evaluatedAt: '2024-01-01' }),
      422,
      'DATE_OUT_OF_ORDER',
      '2024-01-01',
      '2024-04-10',
    );
    await refused(
      () => post('violations', { ...ROUTES.violations, kind: 'subcontracting', severity: 'minor' }),
      422,
      'SUBCONTRACTING_PROHIBITED',
      'v-1',
      'minor',
    );
    await post('violations', ROUTES.violations).expect(201);
    await refused(() => post('violations', ROUTES.violations), 409, 'ALREADY_EXISTS', 'v-1');
    await refused(() => post('completion', { ...ROUTES.completion, acceptedAt: '2024-04-01' }), 422, 'DATE_OUT_OF_ORDER', '2024-04-01');
  });

  it('answers 403 to a purchaser of another region or another role, 401 without a key, 404 for an unknown contract', async () => {
    for (const route of Object.keys(ROUTES) as Route[]) {
      const res = await refused(() => post(route, ROUTES[route], KEYS.purchaserInnerMongolia), 403, 'FORBIDDEN', '220100');
      expect(bodyOf<ProblemBody>(res).detail).toContain('150000');
      await refused(() => post(route, ROUTES[route], KEYS.auditor), 403, 'FORBIDDEN');
      await refused(() => t.http.post(`/v1/contracts/${C}/${route}`).send(ROUTES[route]), 401, 'UNAUTHENTICATED');
      await refused(() => post(route, ROUTES[route], KEYS.purchaserChangchun, 'C-unknown'), 404, 'NOT_FOUND', 'C-unknown');
      await refused(() => post(route, ROUTES[route], KEYS.purchaserInnerMongolia, 'C-unknown'), 404, 'NOT_FOUND');
    }
  });

  it('answers 400 VALIDATION_FAILED naming the field for bad path ids and bad bodies', async () => {
    for (const route of Object.keys(ROUTES) as Route[]) {
      for (const id of ['-C1', 'C%241', 'x'.repeat(65), '..']) {
        const res = await refused(() => post(route, ROUTES[route], KEYS.purchaserChangchun, id), 400, 'VALIDATION_FAILED');
        expect(bodyOf<ProblemBody>(res).errors).toEqual([{ path: 'params.contractId', message: expect.stringContaining('A-Za-z0-9') }]);
      }
      await refused(() => post(route, { ...ROUTES[route], extra: 1 }), 400, 'VALIDATION_FAILED', 'extra');
      await refused(() => post(route, { ...ROUTES[route], internalNote: 7 }), 400, 'VALIDATION_FAILED', 'internalNote');
    }
    const cases: [Route, object, string][] = [
      ['announcement', { ...ROUTES.announcement, announcedAt: '2024-02-30' }, 'announcedAt'],
      ['announcement', { ...ROUTES.announcement, url: 'javascript:alert(1)' }, 'url'],
      ['payments', { ...ROUTES.payments, amount: 1.5 }, 'amount'],
      ['payments', { ...ROUTES.payments, amount: 0 }, 'amount'],
      ['payments', { ...ROUTES.payments, amount: '100' }, 'amount'],
      ['payments', { ...ROUTES.payments, paymentId: 'a/b' }, 'paymentId'],
      ['payments', { ...ROUTES.payments, purpose: '' }, 'purpose'],
      ['payments', { ...ROUTES.payments, purpose: 'wages' }, 'purpose'],
      ['evaluations', { ...ROUTES.evaluations, score: 101 }, 'score'],
      ['evaluations', { ...ROUTES.evaluations, score: '90' }, 'score'],
      ['evaluations', { ...ROUTES.evaluations, satisfactionRate: 1.5 }, 'satisfactionRate'],
      ['evaluations', { ...ROUTES.evaluations, summary: null }, 'summary'],
      ['evaluations', { ...ROUTES.evaluations, evaluator: 'mayor' }, 'evaluator'],
      ['violations', { ...ROUTES.violations, kind: 'theft' }, 'kind'],
      ['violations', { ...ROUTES.violations, severity: 'grave' }, 'severity'],
      ['violations', { ...ROUTES.violations, occurredAt: '2024-6-1' }, 'occurredAt'],
      ['completion', { acceptedAt: '2025-04-30' }, 'report'],
    ];
    for (const [route, body, path] of cases) {
      const res = await refused(() => post(route, body), 400, 'VALIDATION_FAILED');
      expect(bodyOf<ProblemBody>(res).errors!.map((e) => e.path)).toContain(path);
    }
  });
}

describe('contract commands [sqlite]', () => contractsSuite('sqlite'));
describePostgres('contract commands', () => contractsSuite('postgres'));
