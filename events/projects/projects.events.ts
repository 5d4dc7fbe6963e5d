import type { EventOf, Fen, FiscalYear, IsoDate, ProcurementMethod, Purchaser, RegionCode } from '../common';

/**
 * Project (购买服务项目): registered with its budget, tendered, awarded, contracted.
 * Stream: `project-<projectId>`. Service recipients of POST /v1/projects travel in the
 * ProjectRegistered event's private part, never in data.
 */

export type ProjectRegisteredData = {
  readonly projectId: string;
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly purchaser: Purchaser;
  readonly title: string;
  /** Catalogue code, e.g. `affairs.means_test`, `service.care` (DOMAIN.md "Service catalogue"). */
  readonly category: string;
  readonly budget: Fen;
  /**
   * The business date of the registration, stated by the purchaser (API.md "Conventions"); it selects
   * the policy pack. v1 had the service's recording date instead (registeredAt; see the upcaster).
   */
  readonly registeredOn: IsoDate;
  /** The policy pack the registration was judged under (src/policy). */
  readonly policyId: string;
};
export type ProjectRegistered = EventOf<'ProjectRegistered', 2, ProjectRegisteredData>;

/** 004 §三(四): the finance department's (同级财政部门) approval of a non-competitive method. */
export type TenderApproval = {
  readonly authority: string;
  readonly reference: string;
  readonly approvedOn: IsoDate;
};

/** 004 §三(四): single source only after 向社会公示 — where and when the notice was published. */
export type TenderPublicNotice = {
  readonly url: string;
  readonly publishedOn: IsoDate;
};

/**
 * 000 §四(二): 公开购买服务项目的内容、期限、数量、质量、价格、承接主体的资质要求; 002 §三(四): and its
 * 绩效评价标准. Current shape (schemaVersion 2); v1 (projects.events.v1.ts) had no evaluation standards,
 * approval nor public notice, so those are null in entries written before v2.
 */
export type TenderPublishedData = {
  readonly projectId: string;
  readonly method: ProcurementMethod;
  readonly publishedAt: IsoDate;
  readonly content: string;
  readonly term: string;
  readonly quantity: string;
  readonly quality: string;
  readonly priceCeiling: Fen;
  readonly qualifications: string;
  /** null only in entries written before v2. */
  readonly evaluationStandards: string | null;
  readonly singleSourceJustification?: string;
  /** null when the method needs none (or the entry predates v2). */
  readonly approval: TenderApproval | null;
  /** null when the method needs none (or the entry predates v2). */
  readonly publicNotice: TenderPublicNotice | null;
};
export type TenderPublished = EventOf<'TenderPublished', 2, TenderPublishedData>;

/**
 * 评标方法. 000 §四(三): 不能简单以"价低者得"作为选择标准; 001 §二(一): 避免因单纯追求"价低者得"而损害服务质量.
 * `lowest_price` (最低评标价法) is recorded as a value so that its refusal is a rule (LOWEST_PRICE_ONLY), not a 400.
 */
export const EVALUATION_METHODS = ['comprehensive_scoring', 'lowest_price'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** The contractor conditions of 000 §二(二)1–5, 002 §三(二), 004 §三(二), each checked against a document. */
export const ELIGIBILITY_CONDITIONS = [
  'civilLiability',
  'facilitiesAndStaff',
  'governance',
  'taxAndSocialInsurance',
  'noMajorViolations',
] as const;
export type EligibilityCondition = (typeof ELIGIBILITY_CONDITIONS)[number];
export type EligibilityEvidence = { readonly documentRef: string };
export type Eligibility = { readonly [C in EligibilityCondition]: EligibilityEvidence };

/** v2 records how the bids were evaluated and the evidence of each condition; `null` only in v1 entries (projects.events.v1.ts). */
export type ContractorAwardedData = {
  readonly projectId: string;
  readonly contractorUscc: string;
  readonly contractorName: string;
  readonly amount: Fen;
  readonly awardedAt: IsoDate;
  readonly evaluationMethod: EvaluationMethod | null;
  readonly eligibility: Eligibility | null;
};
export type ContractorAwarded = EventOf<'ContractorAwarded', 2, ContractorAwardedData>;

/**
 * Marker on the project stream when its contract is signed (the contract itself starts the
 * `contract-<contractId>` stream with ContractSigned). Because signing appends here too, guarded by
 * the project's version, two concurrent signings for one award cannot both succeed.
 */
export type ProjectContractedData = {
  readonly projectId: string;
  readonly contractId: string;
  readonly signedAt: IsoDate;
  readonly amount: Fen;
};
export type ProjectContracted = EventOf<'ProjectContracted', 1, ProjectContractedData>;

export type ProjectEvent = ProjectRegistered | TenderPublished | ContractorAwarded | ProjectContracted;
