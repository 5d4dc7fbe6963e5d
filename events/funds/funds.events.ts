import type { EventOf, Fen, FiscalYear, FundSource, RegionCode } from '../common';

/**
 * Funds: central and provincial social-assistance special funds allocated to a region code for a
 * fiscal year (中央和省级下拨的社会救助专项资金) — the base of the 2% cap (000 §五, 003 §一(三)).
 * Stream: `fund-<region>-<fiscalYear>` (events/streams.ts).
 */

/** Current shape (schemaVersion 2). v1 stored the amount as a yuan decimal string: funds.events.v1.ts. */
export type FundAllocatedData = {
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly source: FundSource;
  /** Integer fen. */
  readonly amount: Fen;
  /** The allocation document, e.g. 财社〔2024〕12号. */
  readonly reference: string;
};
export type FundAllocated = EventOf<'FundAllocated', 2, FundAllocatedData>;

export type FundsEvent = FundAllocated;
