import type { EventOf, Fen, IsoDate } from '../common';
import type { DebarmentPeriod } from './penalties.events';

/**
 * PenaltyImposed as first stored (schemaVersion 1): the authority by name only, and none of the
 * 双公示 decision fields (文号, 依据, 违法事实, 处罚类别, 处罚内容) nor a publication period. Kept here
 * only so the upcaster (penalties.upcasters.ts) can read entries written before v2; nothing writes v1.
 */
export type PenaltyImposedV1Data = {
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
export type PenaltyImposedV1 = EventOf<'PenaltyImposed', 1, PenaltyImposedV1Data>;
