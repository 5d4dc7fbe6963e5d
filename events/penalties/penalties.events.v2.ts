import type { EventOf, Fen, IsoDate, Months, Organization, PenaltyCategory, Severity, ViolationKind } from '../common';
import type { DebarmentPeriod } from './penalties.events';

/**
 * PenaltyImposed as stored from issue 14 (schemaVersion 2): the 双公示 decision items and the publication
 * period, citing violations only — no evaluationIds, no rectificationDeadline. Kept here only so the
 * upcaster (penalties.upcasters.ts) can read entries written before v3; nothing writes v2.
 */
export type PenaltyImposedV2Data = {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly projectId: string;
  readonly contractorUscc: string;
  readonly violationIds: string[];
  readonly decidedAt: IsoDate;
  readonly decisionNumber: string | null;
  readonly legalBasis: string | null;
  readonly violationType: ViolationKind[] | null;
  readonly severity: Severity | null;
  readonly facts: string | null;
  readonly penaltyCategories: PenaltyCategory[] | null;
  readonly content: string | null;
  readonly authority: Organization;
  readonly dataSource: Organization | null;
  readonly fine?: Fen;
  readonly terminateContract: boolean;
  readonly debarment?: DebarmentPeriod;
  readonly publishDishonestyRecord: boolean;
  readonly publicationMonths: Months | null;
  readonly publishedFrom: IsoDate | null;
  readonly publishedUntil: IsoDate | null;
};
export type PenaltyImposedV2 = EventOf<'PenaltyImposed', 2, PenaltyImposedV2Data>;
