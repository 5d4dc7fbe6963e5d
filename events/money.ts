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
