import type { BudgetEvent, BudgetReleased, BudgetReserved } from '../../../events';
import { budgetDecider } from '../../../src/budgets/domain/budgets.decider';
import type { BudgetYears } from '../../../src/budgets/domain/multi-year';
import { fundsDecider } from '../../../src/funds/domain/funds.decider';
import { JILIN_2020, type PolicyPack } from '../../../src/policy';
import type { SignContract } from '../../../src/projects/domain/projects.decider';
import { yuan } from '../../../src/shared/domain/money';
import { fold } from '../../support/decider-spec';
import { budgetReserved, fundAllocated } from './fixtures';

/**
 * Multi-year contracts (000 §四(三)3): what signing and termination read (BudgetYears) and the budget events
 * they decide, for the fixtures' project P-2024-001 (Changchun, FY2024, budget 800,000.00 CNY) and contract C-2024-001.
 */
export const SOURCE_2025 = '长春市 2024—2026 年中期财政规划';

/** FY2024 holding the project's registered budget, later years as given (empty by default), their fund bases as given. */
export function budgetYears(
  over: { readonly budgets?: BudgetYears['budgets']; readonly fundBases?: BudgetYears['fundBases']; readonly fy?: BudgetEvent[] } = {},
): BudgetYears {
  return {
    budgets: {
      2024: fold(budgetDecider, over.fy ?? [budgetReserved('220100', 2024, 'P-2024-001', 80_000_000)]),
      2025: budgetDecider.initialState(),
      ...over.budgets,
    },
    fundBases: over.fundBases ?? {},
  };
}

export const fundBase = (fiscalYear: number, amount: number) => fold(fundsDecider, [fundAllocated('220100', fiscalYear, amount)]);

/** The later year's reservation a signing decides: judged (fundBase, cap) or, with no fund base yet, on the source alone. */
export const laterYearReserved = (
  amount: number,
  over: { fiscalYear?: number; budgetSource?: string; fundBase?: number | null; cap?: number | null; policy?: PolicyPack } = {},
): BudgetReserved => ({
  type: 'BudgetReserved',
  schemaVersion: 2,
  data: {
    region: '220100',
    fiscalYear: over.fiscalYear ?? 2025,
    projectId: 'P-2024-001',
    contractId: 'C-2024-001',
    amount,
    reservedAt: '2024-04-10',
    budgetSource: over.budgetSource ?? SOURCE_2025,
    baseYear: over.fiscalYear ?? 2025,
    fundBase: over.fundBase ?? null,
    cap: over.cap ?? null,
    policyId: (over.policy ?? JILIN_2020).id,
  },
});

export const released = (
  fiscalYear: number,
  amount: number,
  reason: BudgetReleased['data']['reason'] = 'moved_to_later_year',
  releasedAt = '2024-04-10',
): BudgetReleased => ({
  type: 'BudgetReleased',
  schemaVersion: 1,
  data: { region: '220100', fiscalYear, projectId: 'P-2024-001', contractId: 'C-2024-001', amount, releasedAt, reason },
});

/** The signing of contract C-2024-001: 750,000.00 CNY in two instalments, the second in 2025 with its budget source. */
export const sign = (over: Partial<SignContract['data']> = {}): SignContract => ({
  type: 'SignContract',
  data: {
    projectId: 'P-2024-001',
    contractId: 'C-2024-001',
    signedAt: '2024-04-10',
    amount: yuan(750_000),
    startDate: '2024-05-01',
    endDate: '2025-04-30',
    paymentSchedule: [
      { dueDate: '2024-05-15', amount: yuan(375_000) },
      { dueDate: '2025-04-15', amount: yuan(375_000) },
    ],
    deliverables: '3,000 份家计调查报告',
    liabilities: '逾期按日万分之五支付违约金',
    takeoverPlan: '承接主体不能履约时由街道社工站临时接管',
    budgetSources: [{ fiscalYear: 2025, reference: SOURCE_2025 }],
    ...over,
  },
});
