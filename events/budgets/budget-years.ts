import type { Fen, IsoDate } from '../common';

/**
 * Which fiscal year a sum of a contract counts in. Shared by the deciders (the cap, the releases at
 * termination) and the budgets projection (committed, paid), so both attribute money the same way.
 *
 * China's fiscal year is the calendar year (《预算法》第十八条), so an instalment counts in the year of its due date.
 */
export const fiscalYearOf = (date: IsoDate): number => Number(date.slice(0, 4));

/** A contract's commitment in one fiscal year, ascending by year. */
export interface YearShare {
  readonly fiscalYear: number;
  readonly amount: Fen;
}

/**
 * The part of cumulative payments [from, to) that falls in each year's share, earliest year first: a
 * payment settles the earliest instalments still owed, so an instalment of 2024 paid late in 2025 is still
 * 2024's budget (carried over), not a charge on 2025's cap. Anything paid beyond every share counts in the last year.
 */
export function paidByYear(shares: readonly YearShare[], from: Fen, to: Fen): Map<number, Fen> {
  const parts = new Map<number, Fen>();
  let start = 0;
  shares.forEach((share, i) => {
    const end = i === shares.length - 1 ? Number.MAX_SAFE_INTEGER : start + share.amount;
    const part = Math.max(0, Math.min(to, end) - Math.max(from, start));
    if (part > 0) parts.set(share.fiscalYear, part);
    start = end;
  });
  return parts;
}
