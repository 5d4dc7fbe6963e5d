/**
 * Money is an integer number of fen (CNY minor units) everywhere (API.md "Conventions").
 * This is the ONE money formatter (DESIGN.md "Avoid" 4): every rule detail that names an
 * amount goes through it, so refusals read the same everywhere.
 */

/** 120000000 → "1,200,000.00"; negative amounts keep their sign: -1 → "-0.01". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

/** "1,200,000.00 CNY" — formatFen with the currency, as rule details print it. */
export const cny = (fen: number): string => `${formatFen(fen)} CNY`;

/** Whole yuan → fen, for writing policy parameters readably (yuan(4_000_000) = 400,000,000 fen). */
export const yuan = (wholeYuan: number): number => wholeYuan * 100;
