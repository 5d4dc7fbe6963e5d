import type { EventOf, IsoDate } from '../common';

/**
 * Contractor events as first stored (schemaVersion 1), kept only so the upcasters
 * (contractors.upcasters.ts) can read entries written before v2; nothing writes v1 any more.
 */

/** A dishonesty record without the penalty's decision fields and without a publication period. */
export type DishonestyRecordPublishedV1Data = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly contractId: string;
  readonly violationIds: string[];
  readonly publishedAt: IsoDate;
};
export type DishonestyRecordPublishedV1 = EventOf<'DishonestyRecordPublished', 1, DishonestyRecordPublishedV1Data>;

/** A repair of every record in force on repairedAt, naming no penalty, commitment or obligations. */
export type CreditRepairedV1Data = {
  readonly uscc: string;
  readonly repairedAt: IsoDate;
  readonly basis: string;
  readonly penaltyIds: string[];
};
export type CreditRepairedV1 = EventOf<'CreditRepaired', 1, CreditRepairedV1Data>;

/** A debarment without its grounds: before v2 a penalty could debar for a serious violation only. */
export type ContractorDebarredV1Data = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly contractId: string;
  readonly from: IsoDate;
  readonly until: IsoDate;
  readonly decidedAt: IsoDate;
};
export type ContractorDebarredV1 = EventOf<'ContractorDebarred', 1, ContractorDebarredV1Data>;
