import { expect } from '@jest/globals';
import { contractorsProjection, type ContractorListRow } from '../../projections/contractors/contractors.projection';
import { creditRecords, type CreditRecordRow } from '../../projections/credit_records/credit_records.projection';
import { ev, expectReplayable, P1_HISTORY, rowOf, rowsOf, U1, U2 } from './fixtures/lifecycle';

/** FinancialReportFiled (000 §四(四)2, 002 §四(三)) in the contractors list and the credit record. */
const report = (uscc: string, year: number, auditedOn: string) =>
  ev(
    'FinancialReportFiled',
    { uscc, year, auditFirm: '吉林正信会计师事务所有限公司', reportNumber: `吉正会审字〔${year + 1}〕第1号`, auditedOn },
    { internalNote: 'NOTE-SECRET-1' },
  );
const HISTORY = [...P1_HISTORY, report(U1, 2023, '2024-04-01'), report(U1, 2024, '2025-04-01')];
const first = P1_HISTORY.length + 1;
const SHOWN = [
  {
    year: 2023,
    auditFirm: '吉林正信会计师事务所有限公司',
    reportNumber: '吉正会审字〔2024〕第1号',
    auditedOn: '2024-04-01',
    position: first,
  },
  {
    year: 2024,
    auditFirm: '吉林正信会计师事务所有限公司',
    reportNumber: '吉正会审字〔2025〕第1号',
    auditedOn: '2025-04-01',
    position: first + 1,
  },
];

describe('financial reports in the read models', () => {
  it("the contractors list keeps each report on the contractor's row, in ledger order, without the private part", () => {
    const rows = rowsOf(contractorsProjection, HISTORY);
    expect(rowOf<ContractorListRow>(rows, 'contractor:000000000003').financialReports).toEqual(SHOWN);
    expect(rowOf<ContractorListRow>(rows, 'contractor:000000000004').financialReports).toEqual([]);
    expect(JSON.stringify([...rows.values()])).not.toContain('NOTE-SECRET-1');
  });

  it("the credit record keeps them too; another contractor's report stays on its own record", () => {
    const rows = rowsOf(creditRecords, [...HISTORY, report(U2, 2024, '2025-03-01')]);
    expect(rowOf<CreditRecordRow>(rows, `contractor:${U1}`).financialReports).toEqual(SHOWN);
    expect(rowOf<CreditRecordRow>(rows, `contractor:${U1}`).position).toBe(first + 1);
    expect(rowOf<CreditRecordRow>(rows, `contractor:${U2}`).financialReports.map((r) => r.year)).toEqual([2024]);
    expect(JSON.stringify([...rows.values()])).not.toContain('NOTE-SECRET-1');
  });

  it('both replay from 0 to identical rows, resume from any checkpoint, and ignore a repeated entry', () => {
    expectReplayable(contractorsProjection, HISTORY);
    expectReplayable(creditRecords, HISTORY);
  });
});
