import type { ContractRow } from '../../../projections/contracts/contracts.projection';
import { budgetFindings, contractFindings, workingDaysAfter } from '../../../src/audit/domain/findings';

const contract = (over: Partial<ContractRow> = {}): ContractRow => ({
  kind: 'contract',
  contractId: 'c1',
  projectId: 'p1',
  region: '220102',
  fiscalYear: 2024,
  purchaser: { code: 'x', name: 'y' },
  category: 'service.care',
  contractorUscc: 'u',
  amount: 1000,
  signedAt: '2024-03-22',
  startDate: '2024-04-01',
  endDate: '2025-03-31',
  paymentSchedule: [
    { dueDate: '2024-06-30', amount: 500 },
    { dueDate: '2024-12-31', amount: 500 },
  ],
  deliverables: 'd',
  liabilities: 'l',
  signedPosition: 7,
  announcedAt: '2024-03-26',
  announcementUrl: 'u',
  announcedPosition: 9,
  payments: [],
  paid: 0,
  remaining: 1000,
  evaluations: [],
  violations: [],
  penalties: [],
  status: 'active',
  terminatedAt: null,
  penaltyId: null,
  released: 0,
  terminatedPosition: null,
  takeoverActivatedAt: null,
  takeoverPosition: null,
  acceptedAt: null,
  acceptanceReport: null,
  completedPosition: null,
  lastPosition: 9,
  ...over,
});

const codes = (c: ContractRow, today: string) => contractFindings(c, today).map((f) => f.code);

describe('compliance findings', () => {
  it('counts working days: signed on a Friday, due the next Tuesday', () => {
    expect(workingDaysAfter('2024-03-22', 2)).toBe('2024-03-26');
    expect(workingDaysAfter('2024-03-25', 2)).toBe('2024-03-27');
  });

  it('finds an announcement later than 2 working days, or none by then', () => {
    expect(codes(contract(), '2024-04-01')).toEqual([]);
    expect(codes(contract({ announcedAt: '2024-03-27' }), '2024-04-01')).toEqual(['LATE_ANNOUNCEMENT']);
    expect(codes(contract({ announcedAt: null, announcedPosition: null }), '2024-03-26')).toEqual([]);
    expect(codes(contract({ announcedAt: null, announcedPosition: null }), '2024-03-27')).toEqual(['LATE_ANNOUNCEMENT']);
  });

  it('finds a contract that ended without all three evaluations', () => {
    const evaluated = (...who: string[]) =>
      who.map((evaluator, i) => ({
        evaluationId: `e${i}`,
        evaluator,
        score: 80,
        grade: 'good' as const,
        evaluatedAt: '2025-03-01',
        position: 20 + i,
      })) as ContractRow['evaluations'];
    const paidUp = {
      payments: [{ paymentId: 'p', amount: 1000, paidAt: '2024-12-31', purpose: 's', position: 30 }],
      paid: 1000,
      remaining: 0,
    };
    expect(codes(contract({ ...paidUp, evaluations: evaluated('purchaser', 'third_party') }), '2025-04-01')).toEqual([
      'MISSING_EVALUATIONS',
    ]);
    expect(codes(contract({ ...paidUp, evaluations: evaluated('purchaser', 'third_party', 'service_recipients') }), '2025-04-01')).toEqual(
      [],
    );
    expect(codes(contract({ ...paidUp, evaluations: evaluated('purchaser') }), '2025-03-31')).toEqual([]);
  });

  it('finds payments behind and ahead of the schedule', () => {
    expect(codes(contract(), '2024-07-01')).toEqual(['PAYMENTS_BEHIND_SCHEDULE']);
    const early = {
      payments: [{ paymentId: 'p', amount: 600, paidAt: '2024-06-30', purpose: 's', position: 30 }],
      paid: 600,
      remaining: 400,
    };
    expect(codes(contract(early), '2024-07-01')).toEqual(['PAYMENTS_AHEAD_OF_SCHEDULE']);
  });

  it('finds a region-year above 90% of its cap, not at 90%', () => {
    expect(budgetFindings('220102', 2024, 900, 1000)).toEqual([]);
    expect(budgetFindings('220102', 2024, 901, 1000).map((f) => f.code)).toEqual(['NEAR_BUDGET_CAP']);
  });
});
