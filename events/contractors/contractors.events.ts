import type { ContractorKind, EventOf, IsoDate, RegionCode } from '../common';

/** Contractor (承接主体), by unified social credit code. Stream: `contractor-<uscc>`. */

export type ContractorRegisteredData = {
  readonly uscc: string;
  readonly name: string;
  readonly kind: ContractorKind;
  readonly region?: RegionCode;
};
export type ContractorRegistered = EventOf<'ContractorRegistered', 1, ContractorRegisteredData>;

/** 000 §四(四)4: 依法禁止相关主体在一定期限内参与 — from … until, both inclusive. */
export type ContractorDebarredData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly contractId: string;
  readonly from: IsoDate;
  readonly until: IsoDate;
  readonly decidedAt: IsoDate;
};
export type ContractorDebarred = EventOf<'ContractorDebarred', 1, ContractorDebarredData>;

/** Compensates ContractorDebarred when its penalty is revoked: the debarment is void from the start. */
export type DebarmentLiftedData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly liftedAt: IsoDate;
  readonly reason: string;
};
export type DebarmentLifted = EventOf<'DebarmentLifted', 1, DebarmentLiftedData>;

/** 000 §四(四)4: 将失信记录在省及当地信用平台公示. The record's id is its penalty's id. */
export type DishonestyRecordPublishedData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly contractId: string;
  readonly violationIds: string[];
  readonly publishedAt: IsoDate;
};
export type DishonestyRecordPublished = EventOf<'DishonestyRecordPublished', 1, DishonestyRecordPublishedData>;

/** Compensates DishonestyRecordPublished when its penalty is revoked. */
export type DishonestyRecordWithdrawnData = {
  readonly uscc: string;
  readonly penaltyId: string;
  readonly withdrawnAt: IsoDate;
  readonly reason: string;
};
export type DishonestyRecordWithdrawn = EventOf<'DishonestyRecordWithdrawn', 1, DishonestyRecordWithdrawnData>;

/** 信用修复: the records listed (by penalty id) stop being shown as in force from repairedAt. */
export type CreditRepairedData = {
  readonly uscc: string;
  readonly repairedAt: IsoDate;
  readonly basis: string;
  readonly penaltyIds: string[];
};
export type CreditRepaired = EventOf<'CreditRepaired', 1, CreditRepairedData>;

export type ContractorEvent =
  ContractorRegistered | ContractorDebarred | DebarmentLifted | DishonestyRecordPublished | DishonestyRecordWithdrawn | CreditRepaired;
