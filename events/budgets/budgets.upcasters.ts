import type { BudgetReservedData } from './budgets.events';
import type { BudgetReservedV1Data } from './budgets.events.v1';

/** BudgetReserved v1 → v2: a v1 reservation was a project's registration, not a contract's later year, and stated no budget source. */
export function upcastBudgetReservedV1(data: BudgetReservedV1Data): BudgetReservedData {
  return { ...data, contractId: null, budgetSource: null };
}
