import type { EventOf, Fen, FiscalYear, IsoDate, RegionCode } from '../common';

/**
 * Budget of a region code × fiscal year: what projects have reserved against the 2% cap.
 * Stream: `budget-<region>-<fiscalYear>`. Project registration appends BudgetReserved here in the
 * same commit as ProjectRegistered, guarded by the version it read, so two concurrent registrations
 * cannot both slip under the cap (the loser is re-decided on the new state).
 */
export type BudgetReservedData = {
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly projectId: string;
  readonly amount: Fen;
  readonly reservedAt: IsoDate;
  /** What the judgement rested on, for auditors; evolve does not depend on these. */
  readonly baseYear: number;
  readonly fundBase: Fen;
  readonly cap: Fen;
  readonly policyId: string;
};
export type BudgetReserved = EventOf<'BudgetReserved', 1, BudgetReservedData>;

export type BudgetEvent = BudgetReserved;
