import { budgetKey, type BudgetRow } from '../../../projections/budgets/budgets.projection';
import type { IsoDate } from '../../../events';
import { capOf, capPercent, fundBaseYear, NATIONAL_DEFAULT, POLICY_PACKS, policyFor, type PolicyPack } from '../../policy';
import { compareDates } from '../../shared/domain/dates';
import { RuleViolation } from '../../shared/domain/rule-violation';
import type { ProjectionStore } from '../../projection-runner/projection-store.port';
import { oneOfKind } from '../../projection-runner/rows-of-kind';

/** A region-year's budget against its cap, as every route that shows or judges it computes it. */
export interface BudgetStanding {
  readonly policyId: string;
  readonly capRule: string;
  readonly fundBaseYear: number;
  readonly fundBase: number;
  readonly cap: number;
  readonly reserved: number;
  readonly committed: number;
  readonly paid: number;
  readonly released: number;
  readonly remaining: number;
}

/**
 * Pure: the region-year's row and the row of its fund-base year (the same year in Jilin, the previous one
 * in Inner Mongolia, per the pack: DOMAIN.md BUDGET_CAP_EXCEEDED) → cap and what is left under it.
 */
export function budgetStanding(policy: PolicyPack, fiscalYear: number, row: BudgetRow | null, base: BudgetRow | null): BudgetStanding {
  const baseYear = fundBaseYear(policy, fiscalYear);
  const fundBase = base?.funds.total ?? 0;
  const cap = capOf(policy, fundBase);
  const reserved = row?.reserved ?? 0;
  return {
    policyId: policy.id,
    capRule: `${capPercent(policy)} of the ${baseYear === fiscalYear ? 'same' : 'previous'} year's central and provincial funds`,
    fundBaseYear: baseYear,
    fundBase,
    cap,
    reserved,
    committed: row?.committed ?? 0,
    paid: row?.paid ?? 0,
    released: row?.released ?? 0,
    remaining: cap - reserved,
  };
}

/**
 * Pure: the pack a region-year's budget is shown under. A rule change must not rewrite the past (DOMAIN.md):
 * the pack its latest reservation was judged by (BudgetReserved.policyId); with no reservation yet, the pack
 * in force on the year's last day, or today while the year runs (the national default for a year before
 * every pack: a read has nothing to refuse).
 */
export function budgetPolicy(row: BudgetRow | null, region: string, fiscalYear: number, today: IsoDate): PolicyPack {
  const recorded = row?.policyId != null ? POLICY_PACKS.find((p) => p.id === row.policyId) : undefined;
  if (recorded !== undefined) return recorded;
  const yearEnd = `${fiscalYear}-12-31`;
  try {
    return policyFor(region, compareDates(yearEnd, today) < 0 ? yearEnd : today);
  } catch (error) {
    if (error instanceof RuleViolation) return NATIONAL_DEFAULT;
    throw error;
  }
}

/** A region-year's rows (its own and its fund-base year's) and the pack they are judged by. */
export async function readBudgetRows(
  rows: ProjectionStore,
  region: string,
  fiscalYear: number,
  today: IsoDate,
): Promise<{ policy: PolicyPack; row: BudgetRow | null; base: BudgetRow | null }> {
  const read = async (year: number): Promise<BudgetRow | null> =>
    oneOfKind(await rows.getRow('budgets', budgetKey(region, year)), 'budget');
  const row = await read(fiscalYear);
  const policy = budgetPolicy(row, region, fiscalYear, today);
  const baseYear = fundBaseYear(policy, fiscalYear);
  return { policy, row, base: baseYear === fiscalYear ? row : await read(baseYear) };
}
