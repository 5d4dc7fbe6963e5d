import { formatFen } from '../../../events/money';

/** Money in rule details: formatFen (events/money.ts) with the currency, so refusals read the same everywhere. */

/** "1,200,000.00 CNY" — formatFen with the currency, as rule details print it. */
export const cny = (fen: number): string => `${formatFen(fen)} CNY`;

/** Whole yuan → fen, for writing policy parameters readably (yuan(4_000_000) = 400,000,000 fen). */
export const yuan = (wholeYuan: number): number => wholeYuan * 100;
