import type { EventOf, FundSource, RegionCode } from '../common';

/**
 * FundAllocated as first stored (schemaVersion 1): the amount was a yuan decimal string copied
 * from the allocation document ("1200000.00", "1200000.5", "1200000"). Every other money field of
 * the ledger is integer fen, so v2 stores `amount` in fen. Kept here only so the upcaster
 * (funds.upcasters.ts) can read entries written before the change; nothing writes v1 any more.
 */
export type FundAllocatedV1Data = {
  readonly region: RegionCode;
  readonly fiscalYear: number;
  readonly source: FundSource;
  readonly amountYuan: string;
  readonly reference: string;
};
export type FundAllocatedV1 = EventOf<'FundAllocated', 1, FundAllocatedV1Data>;
