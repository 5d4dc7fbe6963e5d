import type { EventOf, Fen, IsoDate, Months, Organization, PenaltyCategory, Severity, ViolationKind } from '../common';

/**
 * Penalty (处罚) decided on a contract's recorded violations or failed evaluations (004 §三(五)). Stream: `penalty-<penaltyId>`.
 * Its consequences are events of other streams, committed with it in one decision:
 * ContractTerminated + TakeoverActivated (contract), ContractorDebarred and
 * DishonestyRecordPublished (contractor); a revocation's DebarmentLifted and
 * DishonestyRecordWithdrawn (contractor).
 */

export type DebarmentPeriod = { readonly from: IsoDate; readonly until: IsoDate };

/**
 * v2 carries the 双公示 administrative-penalty data items and the publication period. Fields that are
 * `null` are gaps of entries written as v1 (penalties.events.v1.ts): the ledger did not record them then,
 * and read models show them as missing, never as invented values. A v2 decision fills every one of them,
 * except the publication fields of a `minor` penalty, which is not published (null, by rule).
 * v3 adds the failed evaluations cited (evaluationIds) and the rectification deadline (004 §三(五): 提出整改意见);
 * entries written as v2 cited none and ordered none ([] and null, penalties.upcasters.ts).
 */
export type PenaltyImposedData = {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly projectId: string;
  readonly contractorUscc: string;
  /** Recorded violations of the contract cited; may be empty when failed evaluations are cited. */
  readonly violationIds: string[];
  /** Failed (`fail`, 不合格) evaluations of the contract cited (004 §三(五)). */
  readonly evaluationIds: string[];
  readonly decidedAt: IsoDate;
  /** 整改期限: the day by which the contractor must rectify (004 §三(五): 提出整改意见); null when none is ordered. */
  readonly rectificationDeadline: IsoDate | null;
  /** 行政处罚决定书文号. */
  readonly decisionNumber: string | null;
  /** 处罚依据: the rule cited. */
  readonly legalBasis: string | null;
  /** 违法行为类型: the distinct kinds of the cited violations, in citation order ([] when only evaluations are cited). */
  readonly violationType: ViolationKind[] | null;
  /** The most severe of the cited violations' severities; a failed evaluation counts as `general`. */
  readonly severity: Severity | null;
  /** 违法事实 (public summary). */
  readonly facts: string | null;
  /** 处罚类别, one or more. */
  readonly penaltyCategories: PenaltyCategory[] | null;
  /** 处罚内容. */
  readonly content: string | null;
  /** 处罚机关. */
  readonly authority: Organization;
  /** 数据来源单位 (the authority unless the command named another). */
  readonly dataSource: Organization | null;
  readonly fine?: Fen;
  readonly terminateContract: boolean;
  readonly debarment?: DebarmentPeriod;
  readonly publishDishonestyRecord: boolean;
  /** Publication period in months (chosen, or the maximum for the severity); null when not published. */
  readonly publicationMonths: Months | null;
  /** First day of publication: the decision date; null when not published. */
  readonly publishedFrom: IsoDate | null;
  /** 公示截止期, the last day of publication, inclusive: addMonths(publishedFrom, publicationMonths) − 1 day. */
  readonly publishedUntil: IsoDate | null;
};
export type PenaltyImposed = EventOf<'PenaltyImposed', 3, PenaltyImposedData>;

export type PenaltyRevokedData = {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly contractorUscc: string;
  readonly decidedAt: IsoDate;
  readonly reason: string;
};
export type PenaltyRevoked = EventOf<'PenaltyRevoked', 1, PenaltyRevokedData>;

export type PenaltyEvent = PenaltyImposed | PenaltyRevoked;

/**
 * 行政处罚决定书文号 are unique per 处罚机关: the authority's register of issued numbers. Stream:
 * `authority-<uscc>`; appended with the PenaltyImposed that carries the number, in the same commit, so a
 * second penalty with the same number of the same authority is refused (409 ALREADY_EXISTS) even when
 * both are decided at once. Penalties written as v1 have no authority code and are in no register.
 */
export type DecisionNumberIssuedData = {
  readonly authorityUscc: string;
  readonly decisionNumber: string;
  readonly penaltyId: string;
  readonly decidedAt: IsoDate;
};
export type DecisionNumberIssued = EventOf<'DecisionNumberIssued', 1, DecisionNumberIssuedData>;

export type AuthorityEvent = DecisionNumberIssued;
