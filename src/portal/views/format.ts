/**
 * How the portal writes money and dates for readers in China: 元 with thousands separators and two
 * decimals (amounts are integer fen in the API), dates as 2024年3月1日. Intl's zh-CN formats, no hand-made
 * separators; fen are split with integer arithmetic so that no amount is rounded through a float.
 */
const GROUPED = new Intl.NumberFormat('zh-CN', { useGrouping: true, maximumFractionDigits: 0 });

/** 1234567 fen → "12,345.67 元". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${GROUPED.format(Math.floor(abs / 100))}.${cents} 元`;
}

/** A whole count with separators: 56789 → "56,789". */
export const count = (n: number): string => GROUPED.format(n);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** "2024-03-01" (or an instant starting with it) → "2024年3月1日"; anything else as given. */
export function chineseDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}
