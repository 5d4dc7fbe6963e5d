import { describePostgres } from '../support/postgres-server';
import { KEYS, startTestApp, TestApp } from '../support/app';
import {
  award,
  contract,
  contractor,
  CONTRACTOR,
  expectCreated,
  fund,
  penaltyDecision,
  post,
  project,
  tender,
  AUTHORITY,
} from '../support/lifecycle';
import { independentLeafHash } from '../support/reference-merkle';
import { bodyOf, CommandResponse, ProblemBody } from '../support/bodies';

// After every business date below (none may be in the future).
const CLOCK = (): Date => new Date('2025-02-20T01:00:00Z');
const C = 'cc-2024-001-c1';

/** API.md's whole lifecycle for one project, through HTTP, then the ledger read back in order. */
function lifecycleSuite(kind: 'sqlite' | 'postgres'): void {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {}, CLOCK);
  });
  afterAll(async () => t.close());

  it('records fund → contractor → project → tender → award → contract → announcement → payments → evaluations → violation → penalty → revocation', async () => {
    const buyer = KEYS.purchaserJilin;
    const steps: [string, object, string?][] = [
      ['/v1/funds', fund(), KEYS.admin],
      ['/v1/contractors', contractor()],
      ['/v1/projects', project({ recipients: [{ name: '李桂芝', idNumber: '220102194805061221', needs: '居家照料' }] })],
      ['/v1/projects/cc-2024-001/tender', tender()],
      ['/v1/projects/cc-2024-001/award', award()],
      ['/v1/projects/cc-2024-001/contracts', contract()],
      [`/v1/contracts/${C}/announcement`, { announcedAt: '2024-03-26', url: 'https://www.ccgp-jilin.gov.cn/notice/cc-2024-001-c1' }],
      [`/v1/contracts/${C}/payments`, { paymentId: 'pay-1', amount: 7_200_000, paidAt: '2024-06-30', purpose: 'service_fee' }],
      [`/v1/contracts/${C}/payments`, { paymentId: 'pay-2', amount: 3_600_000, paidAt: '2024-09-30', purpose: 'service_fee' }],
      [`/v1/contracts/${C}/evaluations`, { evaluationId: 'ev-1', evaluator: 'purchaser', score: 82, evaluatedAt: '2024-10-10' }],
      [
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-2', evaluator: 'service_recipients', score: 75, evaluatedAt: '2024-10-11', satisfactionRate: 0.8 },
      ],
      [
        `/v1/contracts/${C}/evaluations`,
        { evaluationId: 'ev-3', evaluator: 'third_party', score: 58, evaluatedAt: '2024-10-12', summary: '入户记录不实' },
      ],
      [
        `/v1/contracts/${C}/violations`,
        { violationId: 'v-1', kind: 'fraud', severity: 'serious', occurredAt: '2024-10-05', description: '伪造入户照料记录' },
      ],
      [
        `/v1/contracts/${C}/penalties`,
        {
          penaltyId: 'pen-1',
          violationIds: ['v-1'],
          decidedAt: '2024-11-01',
          ...penaltyDecision(),
          fine: 500_000,
          terminateContract: true,
          debarment: { from: '2024-11-01', until: '2027-10-31' },
          publishDishonestyRecord: true,
        },
      ],
      ['/v1/penalties/pen-1/revocation', { decidedAt: '2025-01-15', reason: '行政复议撤销' }],
    ];
    const positions: number[] = [];
    for (const [path, body, key] of steps) {
      const res = await expectCreated(post(t, path, body, key ?? buyer, { 'X-Correlation-Id': `corr:${path}` }));
      positions.push(bodyOf<CommandResponse>(res).position);
    }
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const entries = await t.store.readAll(0, 1000);
    expect(entries.map((e) => `${e.type} ${e.streamId}`)).toEqual([
      'FundAllocated fund-220102-2024',
      `ContractorRegistered contractor-${CONTRACTOR}`,
      'ProjectRegistered project-cc-2024-001',
      'BudgetReserved budget-220102-2024',
      'TenderPublished project-cc-2024-001',
      'ContractorAwarded project-cc-2024-001',
      `ContractSigned contract-${C}`,
      'ProjectContracted project-cc-2024-001',
      `ContractAnnounced contract-${C}`,
      `PaymentMade contract-${C}`,
      `PaymentMade contract-${C}`,
      `PerformanceEvaluated contract-${C}`,
      `PerformanceEvaluated contract-${C}`,
      `PerformanceEvaluated contract-${C}`,
      `ViolationRecorded contract-${C}`,
      'PenaltyImposed penalty-pen-1',
      `ContractTerminated contract-${C}`,
      `TakeoverActivated contract-${C}`,
      `ContractorDebarred contractor-${CONTRACTOR}`,
      `DishonestyRecordPublished contractor-${CONTRACTOR}`,
      // The termination releases the project's 2024 reservation not used by the payments (000 §四(三)3, 000 §五).
      'BudgetReleased budget-220102-2024',
      `DecisionNumberIssued authority-${AUTHORITY.uscc}`,
      'PenaltyRevoked penalty-pen-1',
      `DebarmentLifted contractor-${CONTRACTOR}`,
      `DishonestyRecordWithdrawn contractor-${CONTRACTOR}`,
    ]);
    // Dense positions, intact hashes, and every follow-on event carries its command's correlation id.
    expect(entries.map((e) => e.position)).toEqual(entries.map((_, i) => i + 1));
    for (const e of entries) expect(independentLeafHash(e)).toBe(e.leafHash);
    const byType = (type: string) => entries.filter((e) => e.type === type);
    for (const type of ['PenaltyImposed', 'ContractTerminated', 'TakeoverActivated', 'ContractorDebarred', 'DishonestyRecordPublished']) {
      expect(byType(type)[0].metadata).toMatchObject({ correlationId: `corr:/v1/contracts/${C}/penalties`, role: 'purchaser' });
    }
    for (const type of ['PenaltyRevoked', 'DebarmentLifted', 'DishonestyRecordWithdrawn']) {
      expect(byType(type)[0].metadata.correlationId).toBe('corr:/v1/penalties/pen-1/revocation');
    }
    expect(byType('FundAllocated')[0].metadata.role).toBe('admin');
    // The recipients of the project stay private.
    expect(byType('ProjectRegistered')[0].private).toMatchObject({ recipients: [{ name: '李桂芝' }] });
    expect(JSON.stringify(entries.map((e) => e.data))).not.toContain('李桂芝');

    // Revocation does not revive a terminated contract: nothing more is paid on it.
    const refused = await post(
      t,
      `/v1/contracts/${C}/payments`,
      { paymentId: 'pay-3', amount: 1, paidAt: '2025-01-20', purpose: 'service_fee' },
      buyer,
    );
    expect(bodyOf<ProblemBody>(refused).code).toBe('INVALID_STATE');
  });
}

describe('the whole lifecycle [sqlite]', () => lifecycleSuite('sqlite'));
describePostgres('the whole lifecycle', () => lifecycleSuite('postgres'));
