import type { EventOf, Fen, IsoDate } from '../common';

/**
 * Penalty (处罚) decided on a contract's recorded violations. Stream: `penalty-<penaltyId>`.
 * Its consequences are events of other streams, committed with it in one decision:
 * ContractTerminated + TakeoverActivated (contract), ContractorDebarred and
 * DishonestyRecordPublished (contractor); a revocation's DebarmentLifted and
 * DishonestyRecordWithdrawn (contractor).
 */

export type DebarmentPeriod = { readonly from: IsoDate; readonly until: IsoDate };

export type PenaltyImposedData = {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly projectId: string;
  readonly contractorUscc: string;
  readonly violationIds: string[];
  readonly decidedAt: IsoDate;
  readonly authority: string;
  readonly fine?: Fen;
  readonly terminateContract: boolean;
  readonly debarment?: DebarmentPeriod;
  readonly publishDishonestyRecord: boolean;
};
export type PenaltyImposed = EventOf<'PenaltyImposed', 1, PenaltyImposedData>;

export type PenaltyRevokedData = {
  readonly penaltyId: string;
  readonly contractId: string;
  readonly contractorUscc: string;
  readonly decidedAt: IsoDate;
  readonly reason: string;
};
export type PenaltyRevoked = EventOf<'PenaltyRevoked', 1, PenaltyRevokedData>;

export type PenaltyEvent = PenaltyImposed | PenaltyRevoked;
