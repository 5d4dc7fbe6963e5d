import { budgetKey, type BudgetRow } from '../../../projections/budgets/budgets.projection';
import { capOf, capPercent, fundBaseYear, type PolicyPack } from '../../policy';
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

/** The two budget rows a standing needs, read from the budgets read model. */
export async function readBudgetRows(
  rows: ProjectionStore,
  policy: PolicyPack,
  region: string,
  fiscalYear: number,
): Promise<{ row: BudgetRow | null; base: BudgetRow | null }> {
  const keys = [budgetKey(region, fiscalYear), budgetKey(region, fundBaseYear(policy, fiscalYear))];
  const [row, base] = await Promise.all(keys.map(async (key) => oneOfKind(await rows.getRow('budgets', key), 'budget')));
  return { row, base };
}
