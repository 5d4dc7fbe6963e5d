/**
 * Region codes as the budget pages show them. The project has no table of region names, so a region is its
 * GB/T 2260 code with its level, read from the code's shape: PP0000 a province, PPCC00 a city, else a county.
 */
export type RegionLevel = '省级' | '市级' | '县级';

export const regionLevel = (code: string): RegionLevel => (code.endsWith('0000') ? '省级' : code.endsWith('00') ? '市级' : '县级');

export const regionLabel = (code: string): string => `${code}（${regionLevel(code)}）`;

/** The region a code lies within: a county's city, a city's province; none above a province. */
export function parentRegion(code: string): string | null {
  if (code.endsWith('0000')) return null;
  return code.endsWith('00') ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
}

/** A region and the regions it lies within, the province first. */
export function regionPath(code: string): string[] {
  const parent = parentRegion(code);
  return parent === null ? [code] : [...regionPath(parent), code];
}

export const budgetHref = (region: string, fiscalYear: number): string =>
  `/budgets/${encodeURIComponent(region)}/${encodeURIComponent(String(fiscalYear))}`;

const PERCENT = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A part of a whole as a percent with one decimal ("12.5%"); "—" when the whole is zero. */
export const share = (part: number, whole: number): string => (whole > 0 ? PERCENT.format(part / whole) : '—');
