import type { BudgetEvent, BudgetReserved, Fen, IsoDate, RegionCode } from '../../../events';
import { capOf, capPercent, fundBaseYear, type PolicyPack } from '../../policy';
import { cny } from '../../shared/domain/money';
import { RuleViolation } from '../../shared/domain/rule-violation';
import { ContextMismatchError, type Command } from '../../shared/domain/decider';
import type { FundsState } from '../../funds/domain/funds.decider';

/**
 * Budget of one region code × fiscal year (stream `budget-<region>-<fiscalYear>`): Σ of the budgets
 * projects have reserved against the 2% cap (000 §五, 001 §三(四), 003 §一(三)).
 *
 * Concurrency: the cap is judged on THIS aggregate's state, and every registration appends its
 * BudgetReserved to this same stream with the version it read as expected version. Two concurrent
 * registrations that would each fit under the cap alone cannot both commit: the second append
 * conflicts, the shell reloads and decides again on the new Σ, and the rule refuses it if needed.
 */

export type ReserveBudget = Command<
  'ReserveBudget',
  {
    readonly region: RegionCode;
    readonly fiscalYear: number;
    readonly projectId: string;
    readonly amount: Fen;
    readonly reservedAt: IsoDate;
    /** A contract's later year (multi-year.ts): the contract and the budget document it states for this year. */
    readonly later?: { readonly contractId: string; readonly budgetSource: string };
  }
>;
export type BudgetCommand = ReserveBudget;

export type BudgetState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active';
      readonly region: RegionCode;
      readonly fiscalYear: number;
      /** Σ reserved − Σ released: what counts against the cap. */
      readonly reserved: Fen;
      /** Per project: what it still holds here (its reservation less what was released). */
      readonly reservations: { readonly [projectId: string]: Fen };
    };

/** The funds of the cap's base year for the same region code: `fund-<region>-<fundBaseYear(policy, fiscalYear)>`. */
export interface BudgetContext {
  readonly fundBase: FundsState;
}

export const initialState = (): BudgetState => ({ status: 'none' });

export function evolve(state: BudgetState, event: BudgetEvent): BudgetState {
  switch (event.type) {
    case 'BudgetReserved': {
      const { region, fiscalYear, projectId, amount } = event.data;
      const reserved = state.status === 'active' ? state.reserved : 0;
      const reservations = state.status === 'active' ? state.reservations : {};
      return { status: 'active', region, fiscalYear, reserved: reserved + amount, reservations: { ...reservations, [projectId]: amount } };
    }
    case 'BudgetReleased': {
      if (state.status !== 'active') return state;
      const { projectId, amount } = event.data;
      const held = state.reservations[projectId] ?? 0;
      return { ...state, reserved: state.reserved - amount, reservations: { ...state.reservations, [projectId]: held - amount } };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown budget event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * evolve over many events, in one pass: the same state, but the reservations are copied once, not at every event
 * (issue 18: a region-year's 3,000 reservations took 5 s to fold event by event, 10,000 took 75 s; every
 * registration folds its region-year's whole stream).
 */
export function evolveAll(state: BudgetState, events: readonly BudgetEvent[]): BudgetState {
  if (events.length === 0) return state;
  const reservations: Record<string, Fen> = state.status === 'active' ? { ...state.reservations } : {};
  let figures = state.status === 'active' ? { region: state.region, fiscalYear: state.fiscalYear, reserved: state.reserved } : undefined;
  for (const event of events) {
    switch (event.type) {
      case 'BudgetReserved': {
        const { region, fiscalYear, projectId, amount } = event.data;
        figures = { region, fiscalYear, reserved: (figures?.reserved ?? 0) + amount };
        reservations[projectId] = amount;
        break;
      }
      case 'BudgetReleased': {
        if (figures === undefined) break;
        const { projectId, amount } = event.data;
        figures = { ...figures, reserved: figures.reserved - amount };
        reservations[projectId] = (reservations[projectId] ?? 0) - amount;
        break;
      }
      default: {
        const unknown: never = event;
        throw new Error(`unknown budget event ${JSON.stringify(unknown)}`);
      }
    }
  }
  return figures === undefined ? state : { status: 'active', ...figures, reservations };
}

/** ceil(part / whole × 100) to 4 decimals, so a figure just over the cap never prints as equal to it. */
function percentUp(part: Fen, whole: Fen): string {
  const tenThousandths = (BigInt(part) * 1_000_000n + BigInt(whole) - 1n) / BigInt(whole);
  return `${Number(tenThousandths) / 10_000}%`;
}

export function decide(command: BudgetCommand, state: BudgetState, policy: PolicyPack, context: BudgetContext): BudgetReserved[] {
  switch (command.type) {
    case 'ReserveBudget': {
      const { region, fiscalYear, projectId, amount, reservedAt, later } = command.data;
      if (state.status === 'active' && (state.region !== region || state.fiscalYear !== fiscalYear)) {
        throw new ContextMismatchError(`budget state of ${state.region}/${state.fiscalYear} given for ${region}/${fiscalYear}`);
      }
      if (state.status === 'active' && state.reservations[projectId] !== undefined) {
        throw new RuleViolation('ALREADY_EXISTS', `project ${projectId} already reserved budget in ${region}/${fiscalYear}`);
      }
      const baseYear = fundBaseYear(policy, fiscalYear);
      const funds = context.fundBase;
      if (funds.status === 'allocated' && (funds.region !== region || funds.fiscalYear !== baseYear)) {
        throw new ContextMismatchError(`funds of ${funds.region}/${funds.fiscalYear} given; the base is ${region}/${baseYear}`);
      }
      const which = policy.budgetCap.baseYear === 'previous' ? 'the previous year' : 'the same year';
      const contractId = later?.contractId ?? null;
      const budgetSource = later?.budgetSource ?? null;
      const unjudged = { region, fiscalYear, projectId, contractId, amount, reservedAt, budgetSource, baseYear, policyId: policy.id };
      // A later year whose base year has no allocation yet (Jilin's 2026 funds in 2024): nothing to judge the cap
      // against; the contract rests on the budget source it states for that year (000 §四(三)3 "在预算保障的前提下").
      // Registrations that year are still judged against the cap with this reservation in it.
      if (later !== undefined && (funds.status !== 'allocated' || funds.total <= 0)) {
        return [{ type: 'BudgetReserved', schemaVersion: 2, data: { ...unjudged, fundBase: null, cap: null } }];
      }
      if (funds.status !== 'allocated' || funds.total <= 0) {
        throw new RuleViolation(
          'NO_FUND_BASE',
          `no central or provincial fund allocation is recorded for ${region}/${baseYear}, the base year of fiscal year ${fiscalYear} under ${policy.id} (${which}; ${policy.budgetCap.source})`,
        );
      }
      const cap = capOf(policy, funds.total);
      const before = state.status === 'active' ? state.reserved : 0;
      const after = before + amount;
      if (after > cap) {
        throw new RuleViolation(
          'BUDGET_CAP_EXCEEDED',
          `budget ${cny(amount)} would bring ${region}/${fiscalYear} reservations from ${cny(before)} to ${cny(after)}, ` +
            `${percentUp(after, funds.total)} of the fund base ${cny(funds.total)} (${region}/${baseYear}, ${which}); ` +
            `the cap is ${capPercent(policy)} = ${cny(cap)}, exceeded by ${cny(after - cap)} (${policy.id}, ${policy.budgetCap.source})`,
        );
      }
      return [
        {
          type: 'BudgetReserved',
          schemaVersion: 2,
          data: { ...unjudged, fundBase: funds.total, cap },
        },
      ];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown budget command ${JSON.stringify(unknown)}`);
    }
  }
}

export const budgetDecider = { decide, evolve, evolveAll, initialState } as const;
