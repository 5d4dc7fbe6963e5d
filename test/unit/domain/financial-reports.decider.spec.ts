import { expect } from '@jest/globals';
import { contractorDecider, type ContractorCommand, type ContractorState } from '../../../src/contractors/domain/contractors.decider';
import type { FileFinancialReport } from '../../../src/contractors/domain/financial-report-rules';
import type { ContractorEvent, FinancialReportFiled } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { CONTRACTOR, contractorRegistered } from './fixtures';

/** Filed on 2025-05-20 (China Standard Time). */
const TODAY = '2025-05-20';
const spec = DeciderSpecification.for({
  ...contractorDecider,
  decide: (c: ContractorCommand, s: ContractorState) => contractorDecider.decide(c, s, { today: TODAY }),
});

const file = (over: Partial<FileFinancialReport['data']> = {}): FileFinancialReport => ({
  type: 'FileFinancialReport',
  data: {
    uscc: CONTRACTOR,
    year: 2024,
    auditFirm: '吉林正信会计师事务所有限公司',
    reportNumber: '吉正会审字〔2025〕第0123号',
    auditedOn: '2025-04-15',
    ...over,
  },
});
const filed = (year = 2024, auditedOn = '2025-04-15'): FinancialReportFiled => ({
  type: 'FinancialReportFiled',
  schemaVersion: 1,
  data: { uscc: CONTRACTOR, year, auditFirm: '吉林正信会计师事务所有限公司', reportNumber: '吉正会审字〔2025〕第0123号', auditedOn },
});

/** 000 §四(四)2 (健全财务报告制度) and 002 §四(三) (注册会计师对财务报告进行审计): FinancialReportFiled. */
describe('contractor financial reports (000 §四(四)2, 002 §四(三))', () => {
  it('files a closed year audited after it closed, with the internal note private', () => {
    spec
      .given([contractorRegistered()])
      .when({ ...file(), data: { ...file().data, internalNote: '原件已核' } })
      .then([{ ...filed(), private: { internalNote: '原件已核' } }]);
    // Audited today, and on the first day after the year closed: both accepted.
    spec
      .given([contractorRegistered()])
      .when(file({ auditedOn: TODAY }))
      .then([filed(2024, TODAY)]);
    spec
      .given([contractorRegistered()])
      .when(file({ auditedOn: '2025-01-01' }))
      .then([filed(2024, '2025-01-01')]);
  });

  it('the state keeps the filed years', () => {
    const state = fold(contractorDecider, [contractorRegistered(), filed(2023, '2024-04-01'), filed(2024)] as ContractorEvent[]);
    expect(state.status === 'registered' && state.reportYears).toEqual([2023, 2024]);
  });

  it('NOT_FOUND (404) for a contractor not registered', () => {
    spec.given([]).when(file()).thenThrows('NOT_FOUND', `contractor ${CONTRACTOR} is not registered`);
  });

  it('DATE_OUT_OF_ORDER when the audit is dated within or before the year it covers (000 §四(四)2, 002 §四(三))', () => {
    spec
      .given([contractorRegistered()])
      .when(file({ year: 2025 }))
      .thenThrows('DATE_OUT_OF_ORDER', 'from 2026-01-01 (000 §四(四)2, 002 §四(三))');
    spec
      .given([contractorRegistered()])
      .when(file({ auditedOn: '2024-12-31' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'audited on 2024-12-31');
  });

  it('DATE_OUT_OF_ORDER when the audit is dated after today (China Standard Time) + 1 day, the one rule of every business date', () => {
    spec
      .given([contractorRegistered()])
      .when(file({ auditedOn: '2025-05-22' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'auditedOn 2025-05-22 is in the future: today is 2025-05-20');
  });

  it('ALREADY_EXISTS (409) for a second report of a year: a filed report is never replaced; another year is filed', () => {
    spec
      .given([contractorRegistered(), filed()])
      .when(file({ reportNumber: '吉正会审字〔2025〕第0200号' }))
      .thenThrows('ALREADY_EXISTS', 'for 2024');
    spec
      .given([contractorRegistered(), filed()])
      .when(file({ year: 2023, auditedOn: '2024-04-01' }))
      .then([filed(2023, '2024-04-01')]);
  });
});
