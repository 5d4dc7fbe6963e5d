import type { Consumption } from '../../../projections/budgets/budgets.projection';
import { regionPrefix } from '../../shared/domain/region';
import type { BudgetStanding } from './budget-standing';

/** A region-year's public budget figures, without the breakdown by category (a child region in a list). */
export interface BudgetFigures {
  readonly region: string;
  readonly fiscalYear: number;
  readonly policyId: string;
  readonly capRule: string;
  readonly fundBaseYear: number;
  readonly fundBase: number;
  readonly cap: number;
  readonly reserved: number;
  readonly committed: number;
  readonly paid: number;
  readonly remaining: number;
}

/** What the public reads of a region-year's budget: figures only (002 §三(五)). */
export interface DisclosedBudget extends BudgetFigures {
  readonly byCategory: { readonly [category: string]: Consumption };
}

/** GET /v1/disclosure/budgets/:region/:fiscalYear/children: the region-years directly below one that have a budget row. */
export interface DisclosedBudgetChildren {
  readonly region: string;
  readonly fiscalYear: number;
  readonly children: readonly BudgetFigures[];
}

/**
 * Pure: the allow-list of what the public sees of a standing. `released` and the funds' sources, references
 * and allocations stay on the keyed route (GET /v1/budgets/:region/:fiscalYear).
 */
export function budgetFigures(region: string, fiscalYear: number, s: BudgetStanding): BudgetFigures {
  const { policyId, capRule, fundBaseYear, fundBase, cap, reserved, committed, paid, remaining } = s;
  return { region, fiscalYear, policyId, capRule, fundBaseYear, fundBase, cap, reserved, committed, paid, remaining };
}

/**
 * Pure: the child of `parent` that a code within it falls under (GB/T 2260: PP0000 → PPCC00 → PPCCXX): a
 * province's city, a city's county; null for the parent itself, a code outside it, or below a county.
 */
export function childRegion(parent: string, code: string): string | null {
  if (code === parent || !code.startsWith(regionPrefix(parent)) || regionPrefix(parent) === parent) return null;
  if (!parent.endsWith('0000')) return code;
  const city = `${code.slice(0, 4)}00`;
  // A code directly under the province (its cities' own codes, or 22 00 xx) is its own child.
  return city === parent ? code : city;
}
