import type { Fen } from './common';

/**
 * The ONE money formatter (DESIGN.md "Avoid" 4): money is an integer number of fen everywhere (API.md
 * "Conventions"); rule details, read models and exports that print an amount go through this. It lives
 * with the event vocabulary so that projections (which import only events/) use it too.
 */
/** 120000000 → "1,200,000.00"; negative amounts keep their sign: -1 → "-0.01". */
export function formatFen(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

/**
 * Fen as 万元 (ten thousand yuan), the unit of the 双公示 administrative-penalty item CF_NR_FK:
 * 1 万元 = 1,000,000 fen, so six decimals are always exact and the digits are only moved, never
 * divided in floating point: 123456 → "0.123456", 5_000_000 → "5.000000".
 */
export function formatFenAsWanYuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const digits = String(Math.abs(fen)).padStart(7, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
