import type { ContractRow } from '../../../projections/contracts/contracts.projection';
import { contract } from './contract-row';
import { expect } from '@jest/globals';
import { financialReportFindings } from '../../../src/audit/domain/findings';

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
