import type { EventOf, Fen, FiscalYear, IsoDate, RegionCode } from '../common';

/**
 * Budget of a region code × fiscal year: what projects have reserved against the 2% cap.
 * Stream: `budget-<region>-<fiscalYear>`. Project registration appends BudgetReserved here in the
 * same commit as ProjectRegistered, guarded by the version it read, so two concurrent registrations
 * cannot both slip under the cap (the loser is re-decided on the new state).
 *
 * A multi-year contract (000 §四(三)3: up to 3 years "在预算保障的前提下") counts each instalment against
 * the cap of the fiscal year it falls due in: signing reserves, on each later year's stream, the
 * instalments due in it (BudgetReserved with the contract and that year's budget source) and releases the
 * same amount from the project's own year (BudgetReleased, `moved_to_later_year`). A termination releases,
 * in every year reserved, what was not paid against it (`contract_terminated`).
 */
export type BudgetReservedData = {
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly projectId: string;
  /** The contract whose later-year instalments this reserves; null for a project's registration. */
  readonly contractId: string | null;
  readonly amount: Fen;
  readonly reservedAt: IsoDate;
  /** The budget document of this year that the contract states (000 §四(三)3); null for a registration. */
  readonly budgetSource: string | null;
  /** What the judgement rested on, for auditors; evolve does not depend on these. */
  readonly baseYear: number;
  /** null: the base year had no fund allocation yet; the reservation rests on `budgetSource`, the cap was not judged. */
  readonly fundBase: Fen | null;
  readonly cap: Fen | null;
  readonly policyId: string;
};
export type BudgetReserved = EventOf<'BudgetReserved', 2, BudgetReservedData>;

export type BudgetReleaseReason = 'moved_to_later_year' | 'contract_terminated';

/** A part of a project's reservation in this region-year that no longer counts against its cap. */
export type BudgetReleasedData = {
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly projectId: string;
  readonly contractId: string;
  readonly amount: Fen;
  readonly releasedAt: IsoDate;
  readonly reason: BudgetReleaseReason;
};
export type BudgetReleased = EventOf<'BudgetReleased', 1, BudgetReleasedData>;

export type BudgetEvent = BudgetReserved | BudgetReleased;
