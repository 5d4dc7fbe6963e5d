import type { ContractRow } from '../../../projections/contracts/contracts.projection';
import { expect } from '@jest/globals';
import { financialReportFindings } from '../../../src/audit/domain/findings';

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
  takeoverPlan: 't',
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
  takeoverPenaltyId: null,
  takeoverReason: null,
  takeoverPosition: null,
  acceptedAt: null,
  acceptanceReport: null,
  finalSettlement: null,
  completedPosition: null,
  lastPosition: 9,
  ...over,
});

const TODAY = '2025-02-10';
const found = (contracts: ContractRow[], years: Record<string, number[]> = {}) =>
  financialReportFindings(contracts, new Map(Object.entries(years)), TODAY);

/** MISSING_FINANCIAL_REPORT (000 §四(四)2, 002 §四(三)): last closed year = today's year − 1 = 2024. */
describe('MISSING_FINANCIAL_REPORT', () => {
  it('a contractor with a contract active today and no report for last year: one finding naming it and its contracts', () => {
    const rows = [contract(), contract({ contractId: 'c2', signedPosition: 3 }), contract({ contractId: 'c3', contractorUscc: 'v' })];
    expect(found(rows, { v: [2024] })).toEqual([
      {
        code: 'MISSING_FINANCIAL_REPORT',
        contractId: 'c2',
        uscc: 'u',
        positions: [3, 7],
        detail: 'contractor u has an active contract (c2, c1) and no audited financial report for 2024',
      },
    ]);
  });

  it('no finding once last year is filed; an older year does not count', () => {
    expect(found([contract()], { u: [2024] })).toEqual([]);
    expect(found([contract()], { u: [2023] }).map((f) => f.code)).toEqual(['MISSING_FINANCIAL_REPORT']);
  });

  it('no finding without a contract active today: ended, terminated, completed, or not yet started', () => {
    expect(found([contract({ endDate: '2025-02-09' })])).toEqual([]);
    expect(found([contract({ status: 'terminated' })])).toEqual([]);
    expect(found([contract({ status: 'completed' })])).toEqual([]);
    expect(found([contract({ startDate: '2025-02-11', endDate: '2026-02-10' })])).toEqual([]);
    // Its first and last days are within the term.
    expect(found([contract({ endDate: TODAY })])).toHaveLength(1);
    expect(found([contract({ startDate: TODAY, endDate: '2026-02-09' })])).toHaveLength(1);
  });
});
