import type { EventOf, Fen, FiscalYear, IsoDate, ProcurementMethod, Purchaser, RegionCode } from '../common';

/**
 * ProjectRegistered as first stored (schemaVersion 1): the caller stated no business date; the service
 * wrote the day it recorded the registration (China Standard Time) as `registeredAt`, and that day chose
 * the policy pack. Kept only so the upcaster (projects.upcasters.ts) can read entries written before v2.
 */
export type ProjectRegisteredV1Data = {
  readonly projectId: string;
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly purchaser: Purchaser;
  readonly title: string;
  readonly category: string;
  readonly budget: Fen;
  readonly registeredAt: IsoDate;
  readonly policyId: string;
};
export type ProjectRegisteredV1 = EventOf<'ProjectRegistered', 1, ProjectRegisteredV1Data>;

/**
 * TenderPublished as first stored (schemaVersion 1): no 绩效评价标准 (002 §三(四)), no finance
 * approval and no public notice (004 §三(四)). Kept here only so the upcaster (projects.upcasters.ts)
 * can read entries written before v2; nothing writes v1 any more.
 */
export type TenderPublishedV1Data = {
  readonly projectId: string;
  readonly method: ProcurementMethod;
  readonly publishedAt: IsoDate;
  readonly content: string;
  readonly term: string;
  readonly quantity: string;
  readonly quality: string;
  readonly priceCeiling: Fen;
  readonly qualifications: string;
  readonly singleSourceJustification?: string;
};
export type TenderPublishedV1 = EventOf<'TenderPublished', 1, TenderPublishedV1Data>;

/**
 * ContractorAwarded as first stored (schemaVersion 1): no evaluation method and no evidence of the
 * contractor's conditions. Kept only so the upcaster (projects.upcasters.ts) can read entries written
 * before v2; nothing writes v1 any more.
 */
export type ContractorAwardedV1Data = {
  readonly projectId: string;
  readonly contractorUscc: string;
  readonly contractorName: string;
  readonly amount: Fen;
  readonly awardedAt: IsoDate;
};
export type ContractorAwardedV1 = EventOf<'ContractorAwarded', 1, ContractorAwardedV1Data>;
