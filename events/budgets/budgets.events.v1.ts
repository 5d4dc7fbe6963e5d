import type { EventOf, Fen, FiscalYear, IsoDate, RegionCode } from '../common';

/**
 * BudgetReserved as first stored (schemaVersion 1): only project registrations reserved budget, always in
 * the project's own fiscal year and always judged against an allocated fund base. Kept only so the upcaster
 * (budgets.upcasters.ts) can read entries written before v2; nothing writes v1 any more.
 */
export type BudgetReservedV1Data = {
  readonly region: RegionCode;
  readonly fiscalYear: FiscalYear;
  readonly projectId: string;
  readonly amount: Fen;
  readonly reservedAt: IsoDate;
  readonly baseYear: number;
  readonly fundBase: Fen;
  readonly cap: Fen;
  readonly policyId: string;
};
export type BudgetReservedV1 = EventOf<'BudgetReserved', 1, BudgetReservedV1Data>;
