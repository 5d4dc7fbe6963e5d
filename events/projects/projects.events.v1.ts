import type { EventOf, Fen, IsoDate } from '../common';

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
