import type { BudgetReleased, BudgetReserved, ContractSignedData, Fen, IsoDate, PaymentInstalment, RegionCode } from '../../../events';
import { fiscalYearOf, paidByYear, type YearShare } from '../../../events/budgets/budget-years';
import type { PolicyPack } from '../../policy';
import { ContextMismatchError } from '../../shared/domain/decider';
import { RuleViolation } from '../../shared/domain/rule-violation';
import type { FundsState } from '../../funds/domain/funds.decider';
import { decide as decideBudget, type BudgetState } from './budgets.decider';

/**
 * Multi-year contracts and the cap (000 §四(三)2–3: a term of up to 3 years "在预算保障的前提下"; the cap:
 * 000 §五, 003 §一(三)). Registration reserves the whole budget in the project's fiscal year FY. A contract's
 * instalments count against the cap of the year each falls due in (China's fiscal year is the calendar year):
 * at signing, each later year Y reserves the instalments due in Y on budget-<region>-<Y>, on the budget source
 * the contract states for Y, and FY releases the same amount. A termination releases, in every year reserved,
 * what the payments did not use, so the re-procurement of the same service is not counted twice.
 */

/** Per fiscal year, what the decision reads: budget-<region>-<year>, and fund-<region>-<fundBaseYear(policy, year)> for later years. */
export interface BudgetYears {
  readonly budgets: { readonly [fiscalYear: number]: BudgetState };
  readonly fundBases: { readonly [fiscalYear: number]: FundsState };
}

export interface BudgetSource {
  readonly fiscalYear: number;
  readonly reference: string;
}

/** Σ instalments per year after `fiscalYear`, ascending (the years a signing reserves). */
export function laterYears(fiscalYear: number, schedule: readonly PaymentInstalment[]): YearShare[] {
  const sums = new Map<number, Fen>();
  for (const { dueDate, amount } of schedule) {
    const year = fiscalYearOf(dueDate);
    if (year > fiscalYear) sums.set(year, (sums.get(year) ?? 0) + amount);
  }
  return [...sums].sort(([a], [b]) => a - b).map(([year, amount]) => ({ fiscalYear: year, amount }));
}

/** The budget streams' years a contract may hold reservations in: FY and every later year it has instalments in. */
export const contractBudgetYears = (fiscalYear: number, schedule: readonly PaymentInstalment[]): number[] => [
  fiscalYear,
  ...laterYears(fiscalYear, schedule).map((s) => s.fiscalYear),
];

const reservationOf = (state: BudgetState, projectId: string): Fen =>
  state.status === 'active' ? (state.reservations[projectId] ?? 0) : 0;

function stateOfYear(context: BudgetYears, region: RegionCode, year: number): BudgetState {
  const state = context.budgets[year];
  if (state === undefined) throw new ContextMismatchError(`budget-${region}-${year} was not read`);
  return state;
}

/**
 * Signing: BUDGET_SOURCE_REQUIRED unless `budgetSources` names exactly the later years with instalments,
 * once each (000 §四(三)3); an instalment due before FY has no budget → DATE_OUT_OF_ORDER. Then each
 * later year's BudgetReserved (judged against its own cap: BUDGET_CAP_EXCEEDED) and FY's BudgetReleased.
 */
export function reserveLaterYears(
  signing: {
    readonly region: RegionCode;
    readonly fiscalYear: number;
    readonly projectId: string;
    readonly contractId: string;
    readonly signedAt: IsoDate;
    readonly paymentSchedule: readonly PaymentInstalment[];
    readonly budgetSources?: readonly BudgetSource[];
  },
  policy: PolicyPack,
  context: BudgetYears,
): (BudgetReserved | BudgetReleased)[] {
  const { region, fiscalYear, projectId, contractId, signedAt, paymentSchedule } = signing;
  const early = paymentSchedule.filter((p) => fiscalYearOf(p.dueDate) < fiscalYear);
  if (early.length > 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `instalment due ${early[0].dueDate} falls before fiscal year ${fiscalYear}, whose budget project ${projectId} reserved: no budget of an earlier year was reserved for it`,
    );
  }
  const later = laterYears(fiscalYear, paymentSchedule);
  const sources = signing.budgetSources ?? [];
  const needed = later.map((s) => s.fiscalYear);
  const given = sources.map((s) => s.fiscalYear);
  const missing = needed.filter((y) => !given.includes(y));
  if (missing.length > 0) {
    throw new RuleViolation(
      'BUDGET_SOURCE_REQUIRED',
      `instalments fall due in fiscal year ${missing.join(', ')} after the project's fiscal year ${fiscalYear}: budgetSources must state each later year's budget (000 §四(三)3: 在预算保障的前提下)`,
    );
  }
  const stray = given.filter((y, i) => !needed.includes(y) || given.indexOf(y) !== i);
  if (stray.length > 0) {
    throw new RuleViolation(
      'BUDGET_SOURCE_REQUIRED',
      `budgetSources names fiscal year ${stray.join(', ')} without instalments due after ${fiscalYear}, or twice: it states one budget source for each later year with instalments (${needed.join(', ') || 'none here'})`,
    );
  }
  if (later.length === 0) return [];
  const reserved = later.flatMap(({ fiscalYear: year, amount }) =>
    decideBudget(
      {
        type: 'ReserveBudget',
        data: {
          region,
          fiscalYear: year,
          projectId,
          amount,
          reservedAt: signedAt,
          later: { contractId, budgetSource: sources.find((s) => s.fiscalYear === year)!.reference },
        },
      },
      stateOfYear(context, region, year),
      policy,
      { fundBase: context.fundBases[year] ?? { status: 'none' } },
    ),
  );
  const moved = later.reduce((sum, s) => sum + s.amount, 0);
  stateOfYear(context, region, fiscalYear); // read and guarded: the release changes it
  const released: BudgetReleased = {
    type: 'BudgetReleased',
    schemaVersion: 1,
    data: { region, fiscalYear, projectId, contractId, amount: moved, releasedAt: signedAt, reason: 'moved_to_later_year' },
  };
  return [...reserved, released];
}

/**
 * The contract's commitment per year: each later year it reserved holds the instalments due in it; FY the
 * rest. A contract signed before multi-year reservations existed reserved nothing later: all of it is FY's.
 */
export function contractShares(contract: ContractSignedData, context: BudgetYears): YearShare[] {
  const later = laterYears(contract.fiscalYear, contract.paymentSchedule).filter(
    (s) => context.budgets[s.fiscalYear] !== undefined && reservationOf(context.budgets[s.fiscalYear], contract.projectId) > 0,
  );
  const rest = contract.amount - later.reduce((sum, s) => sum + s.amount, 0);
  return [{ fiscalYear: contract.fiscalYear, amount: rest }, ...later];
}

/**
 * Termination: in every year the project holds a reservation, release what the payments did not use there
 * (payments settle the earliest instalments first: paidByYear). In FY that includes what the award saved
 * under the registered budget: the project's money is no longer needed, and the re-procurement reserves its own.
 */
export function releaseOnTermination(
  contract: ContractSignedData,
  paid: Fen,
  terminatedAt: IsoDate,
  context: BudgetYears,
): BudgetReleased[] {
  const { region, projectId, contractId } = contract;
  const shares = contractShares(contract, context);
  const used = paidByYear(shares, 0, paid);
  return shares.flatMap(({ fiscalYear }) => {
    const held = reservationOf(stateOfYear(context, region, fiscalYear), projectId);
    const amount = held - (used.get(fiscalYear) ?? 0);
    if (amount <= 0) return [];
    const released: BudgetReleased = {
      type: 'BudgetReleased',
      schemaVersion: 1,
      data: { region, fiscalYear, projectId, contractId, amount, releasedAt: terminatedAt, reason: 'contract_terminated' },
    };
    return [released];
  });
}
