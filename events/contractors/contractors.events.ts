import type { ContractorKind, EventOf, IsoDate, Months, Organization, RegionCode, Severity } from '../common';

/** Contractor (承接主体), by unified social credit code. Stream: `contractor-<uscc>`. */

export type ContractorRegisteredData = {
  readonly uscc: string;
  readonly name: string;
  readonly kind: ContractorKind;
  readonly region?: RegionCode;
};
export type ContractorRegistered = EventOf<'ContractorRegistered', 1, ContractorRegisteredData>;

/**
 * Why a contractor is debarred: a serious violation (000 §四(四)4: 情节严重 … 一定期限内禁止参与) or a failed
 * evaluation (004 §三(五): 取消一定时期内承接…资格). Only the first is a 重大违法记录 that bars awards for 3 years.
 */
export const DEBARMENT_GROUNDS = ['serious_violation', 'failed_evaluation'] as const;
export type DebarmentGrounds = (typeof DEBARMENT_GROUNDS)[number];

/**
 * 000 §四(四)4: 依法禁止相关主体在一定期限内参与 — from … until, both inclusive. v2 records its grounds; a v1 entry
 * was always for a serious violation (contractors.upcasters.ts).
 */
export type ContractorDebarredData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly contractId: string;
  readonly from: IsoDate;
  readonly until: IsoDate;
  readonly decidedAt: IsoDate;
  /** `serious_violation` when the penalty cites one, else `failed_evaluation`. */
  readonly grounds: DebarmentGrounds;
};
export type ContractorDebarred = EventOf<'ContractorDebarred', 2, ContractorDebarredData>;

/** Compensates ContractorDebarred when its penalty is revoked: the debarment is void from the start. */
export type DebarmentLiftedData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly liftedAt: IsoDate;
  readonly reason: string;
};
export type DebarmentLifted = EventOf<'DebarmentLifted', 1, DebarmentLiftedData>;

/**
 * 000 §四(四)4: 将失信记录在省及当地信用平台公示. The record's id is its penalty's id. v2 carries what a
 * credit platform publishes without a second call (the penalty's 文号, 依据, 处罚机关, severity) and the
 * publication period; `null` fields are gaps of v1 entries (contractors.events.v1.ts), never invented.
 */
export type DishonestyRecordPublishedData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly contractId: string;
  readonly violationIds: string[];
  /** The day publication began: the decision date. */
  readonly publishedAt: IsoDate;
  readonly decisionNumber: string | null;
  readonly legalBasis: string | null;
  readonly authority: Organization | null;
  readonly severity: Severity | null;
  readonly publicationMonths: Months | null;
  /** = publishedAt (publication is counted from the decision date). */
  readonly publishedFrom: IsoDate;
  /** 公示截止期, inclusive; null only for v1 entries, which had no period. */
  readonly publishedUntil: IsoDate | null;
};
export type DishonestyRecordPublished = EventOf<'DishonestyRecordPublished', 2, DishonestyRecordPublishedData>;

/** Compensates DishonestyRecordPublished when its penalty is revoked. */
export type DishonestyRecordWithdrawnData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly withdrawnAt: IsoDate;
  readonly reason: string;
};
export type DishonestyRecordWithdrawn = EventOf<'DishonestyRecordWithdrawn', 1, DishonestyRecordWithdrawnData>;

/**
 * 信用修复 (NDRC Order 36 of 2025) of one penalty's record, from repairedAt on. `penaltyIds` lists the
 * records the repair ended: exactly `[penaltyId]` since v2; a v1 entry (contractors.events.v1.ts) repaired
 * every record in force at once and named no penalty, so its `penaltyId` is null and, like its other
 * gaps (commitment, obligationsFulfilled, finePaidOn), stays null.
 */
export type CreditRepairedData = {
  readonly uscc: string;
  readonly penaltyId: string | null;
  readonly penaltyIds: string[];
  readonly repairedAt: IsoDate;
  /** The decision on the repair application. */
  readonly basis: string;
  /** The subject's 信用承诺. */
  readonly commitment: string | null;
  readonly obligationsFulfilled: boolean | null;
  /** When the fine was paid; null when the penalty had no fine (or for v1 entries). */
  readonly finePaidOn: IsoDate | null;
};
export type CreditRepaired = EventOf<'CreditRepaired', 2, CreditRepairedData>;

/**
 * The publication period of a penalty's record has elapsed (publishedUntil has passed): appended by the
 * service itself, once per record. From endedOn the record is `expired` and no longer published.
 */
export type CreditPublicationEndedData = {
  readonly penaltyId: string;
  readonly uscc: string;
  /** The first day the record is no longer published: the day after publishedUntil. */
  readonly endedOn: IsoDate;
  readonly reason: 'period_elapsed';
};
export type CreditPublicationEnded = EventOf<'CreditPublicationEnded', 1, CreditPublicationEndedData>;

/**
 * One year's financial report of the contractor and its audit by a certified public accountant: 000 §四(四)2
 * (承接主体应…健全财务报告制度), 002 §四(三) (由具有合法资质的注册会计师对财务报告进行审计). Filed by a
 * purchaser from what the contractor hands in; one per year (a second is refused, not an edit).
 */
export type FinancialReportFiledData = {
  readonly uscc: string;
  /** The closed financial year the report covers. */
  readonly year: number;
  /** The accounting firm (会计师事务所) that audited it. */
  readonly auditFirm: string;
  /** The audit report's number (审计报告文号). */
  readonly reportNumber: string;
  /** The date of the audit report. */
  readonly auditedOn: IsoDate;
};
export type FinancialReportFiled = EventOf<'FinancialReportFiled', 1, FinancialReportFiledData>;

export type ContractorEvent =
  | ContractorRegistered
  | ContractorDebarred
  | DebarmentLifted
  | DishonestyRecordPublished
  | DishonestyRecordWithdrawn
  | CreditRepaired
  | CreditPublicationEnded
  | FinancialReportFiled;
