import { contractsProjection, type ContractRow } from '../../projections/contracts/contracts.projection';
import {
  COMPLETION_C2,
  ev,
  expectReplayable,
  P1_HISTORY,
  P2_UNANNOUNCED,
  REVOCATION,
  rowOf,
  rowsOf,
  SECRETS,
  U1,
  U2,
} from './fixtures/lifecycle';

const contract = (events: Parameters<typeof rowsOf>[1], id: string): ContractRow =>
  rowOf<ContractRow>(rowsOf(contractsProjection, events), `contract:${id}`);

describe('contracts projection', () => {
  it('given a contract signed, announced, paid, evaluated, violated and terminated by a penalty: its full state with positions', () => {
    const row = contract(P1_HISTORY, 'C1');
    expect(row).toMatchObject({
      kind: 'contract',
      contractId: 'C1',
      projectId: 'P1',
      region: '220100',
      fiscalYear: 2024,
      contractorUscc: U1,
      category: 'affairs.means_test',
      purchaser: { code: '220100-MZJ', name: '长春市民政局' },
      amount: 75_000_000,
      signedAt: '2024-04-10',
      startDate: '2024-05-01',
      endDate: '2025-04-30',
      paymentSchedule: [
        { dueDate: '2024-05-15', amount: 37_500_000 },
        { dueDate: '2025-05-15', amount: 37_500_000 },
      ],
      deliverables: '交付3000份家计调查报告',
      liabilities: '逾期违约金条款',
      takeoverPlan: 'C1-TAKEOVER-PLAN',
      signedPosition: 9,
      announcedAt: '2024-04-11',
      announcementUrl: 'https://ccgp-jilin.gov.cn/C1',
      announcedPosition: 11,
      payments: [{ paymentId: 'pay1', amount: 37_500_000, paidAt: '2024-05-15', purpose: '第一期服务费（旧版自由文本）', position: 12 }],
      paid: 37_500_000,
      remaining: 37_500_000,
      evaluations: [
        { evaluationId: 'e1', evaluator: 'purchaser', score: 90, summary: '评价摘要文本', position: 13 },
        { evaluationId: 'e2', evaluator: 'service_recipients', score: 81, satisfactionRate: 0.9, position: 14 },
      ],
      violations: [
        {
          violationId: 'v1',
          kind: 'subcontracting',
          severity: 'serious',
          occurredAt: '2024-10-20',
          description: '转包给无资质机构',
          position: 15,
        },
      ],
      penalties: [
        {
          penaltyId: 'pen1',
          violationIds: ['v1'],
          decidedAt: '2024-11-01',
          terminateContract: true,
          fine: 1_000_000,
          status: 'imposed',
          position: 16,
        },
      ],
      status: 'terminated',
      terminatedAt: '2024-11-01',
      penaltyId: 'pen1',
      released: 37_500_000,
      terminatedPosition: 17,
      takeoverActivatedAt: '2024-11-01',
      takeoverPenaltyId: 'pen1',
      takeoverReason: null,
      takeoverPosition: 18,
      acceptedAt: null,
      finalSettlement: null,
      completedPosition: null,
    });
    expect(row).not.toHaveProperty('extendedTermJustification');
  });

  it('an unannounced contract has no announcement; completion records acceptance', () => {
    const row = contract([...P1_HISTORY, ...P2_UNANNOUNCED, ...COMPLETION_C2], 'C2');
    expect(row).toMatchObject({
      contractorUscc: U2,
      announcedAt: null,
      announcementUrl: null,
      announcedPosition: null,
      paid: 5_000_000,
      remaining: 13_000_000,
      status: 'completed',
      acceptedAt: '2024-12-31',
      acceptanceReport: '验收报告文本',
      terminatedAt: null,
    });
  });

  it('issue 15 items 12–13: a purchaser takeover (reason, no penalty) and a completion with its final settlement', () => {
    const settlement = { amount: 8_000_000, reason: '尾款验收后支付' };
    const rows = rowsOf(contractsProjection, [
      ...P1_HISTORY,
      ...P2_UNANNOUNCED,
      ev('TakeoverActivated', { contractId: 'C2', projectId: 'P2', penaltyId: null, activatedAt: '2024-09-02', reason: '连续 7 日未上门' }),
      ev('ContractCompleted', { contractId: 'C2', acceptedAt: '2024-12-31', report: 'r', paid: 5_000_000, finalSettlement: settlement }),
    ]);
    expect(rowOf<ContractRow>(rows, 'contract:C2')).toMatchObject({
      takeoverPlan: 'C2-TAKEOVER-PLAN',
      takeoverActivatedAt: '2024-09-02',
      takeoverPenaltyId: null,
      takeoverReason: '连续 7 日未上门',
      status: 'completed',
      finalSettlement: settlement,
    });
  });

  it('marks a revoked penalty; the termination stands (penalties decider: a termination is not undone)', () => {
    const row = contract([...P1_HISTORY, ...REVOCATION], 'C1');
    expect(row.penalties[0]).toMatchObject({ status: 'revoked', revokedAt: '2025-01-15', revokedPosition: 21 });
    expect(row.status).toBe('terminated');
  });

  it('ignores events of a contract never signed, and keeps nothing private', () => {
    const rows = rowsOf(contractsProjection, [
      ev('PaymentMade', { contractId: 'ghost', paymentId: 'x', amount: 1, paidAt: '2024-01-01', purpose: 'service_fee' }),
      ...P1_HISTORY,
    ]);
    expect(rows.has('contract:ghost')).toBe(false);
    const text = JSON.stringify([...rows.values()]);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('declares its columns for the routes', () => {
    const row = contract(P1_HISTORY, 'C1');
    const columns = Object.fromEntries(Object.entries(contractsProjection.columns).map(([name, c]) => [name, c.of(row)]));
    expect(columns).toEqual({
      kind: 'contract',
      project_id: 'P1',
      region: '220100',
      fiscal_year: 2024,
      contractor_uscc: U1,
      status: 'terminated',
      signed_at: '2024-04-10',
      announced_at: '2024-04-11',
    });
  });

  it('replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    expectReplayable(contractsProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...COMPLETION_C2, ...REVOCATION]);
  });
});
