import type { FinancialReportFiled, IsoDate } from '../../../events';
import { assertDateNotInTheFuture } from '../../shared/domain/business-dates';
import { ContextMismatchError, privateOf, type Command, type PrivateFields } from '../../shared/domain/decider';
import { RuleViolation } from '../../shared/domain/rule-violation';

/** The event these rules decide, for the contractors decider to name. */
export type { FinancialReportFiled };

/**
 * 承接主体应…健全财务报告制度 (000 §四(四)2), 并由具有合法资质的注册会计师对财务报告进行审计 (002 §四(三)):
 * a purchaser files one year's audited report as the contractor hands it in.
 */
export const FINANCIAL_REPORT_SOURCE = '000 §四(四)2, 002 §四(三)';

export type FileFinancialReport = Command<
  'FileFinancialReport',
  {
    readonly uscc: string;
    /** The closed financial year the report covers. */
    readonly year: number;
    readonly auditFirm: string;
    readonly reportNumber: string;
    readonly auditedOn: IsoDate;
  } & PrivateFields
>;

/**
 * NOT_FOUND for a contractor not registered; DATE_OUT_OF_ORDER when the audit is dated within or before the
 * year it covers (a year's accounts are audited once it has closed) or after `today` (the service's business
 * date, China Standard Time: no fact is dated in the future); ALREADY_EXISTS (409) when that year's report is
 * already filed — a filed report is a fact, never replaced by a second one.
 */
export function fileFinancialReport(
  cmd: FileFinancialReport,
  contractor: { readonly status: string; readonly reportYears?: readonly number[] },
  context: { readonly today: IsoDate } | undefined,
): FinancialReportFiled {
  if (context === undefined) throw new ContextMismatchError('FileFinancialReport needs today');
  const { uscc, year, auditFirm, reportNumber, auditedOn } = cmd.data;
  const filedYears = contractor.status === 'registered' ? contractor.reportYears : undefined;
  if (filedYears === undefined) throw new RuleViolation('NOT_FOUND', `contractor ${uscc} is not registered`);
  if (Number(auditedOn.slice(0, 4)) <= year) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `the report for ${year} is audited on ${auditedOn}: a year's accounts are audited after the year has closed, from ${year + 1}-01-01 (${FINANCIAL_REPORT_SOURCE})`,
    );
  }
  assertDateNotInTheFuture('auditedOn', auditedOn, context.today);
  if (filedYears.includes(year)) {
    throw new RuleViolation('ALREADY_EXISTS', `contractor ${uscc} already has a financial report for ${year} on the ledger`);
  }
  return {
    type: 'FinancialReportFiled',
    schemaVersion: 1,
    data: { uscc, year, auditFirm, reportNumber, auditedOn },
    ...privateOf(cmd.data),
  };
}
