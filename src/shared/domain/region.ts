/**
 * The one place of the code shapes API.md "Conventions" gives: a region is a 6-digit administrative
 * division code (GB/T 2260) whose province is its first two digits; a fiscal year is 2000–2100.
 */
/** Written with [0-9], not \d: the same pattern goes into the OpenAPI document, read by regex engines of every language. */
export const REGION_CODE = /^[1-9][0-9]{5}$/;
export const isRegionCode = (v: unknown): v is string => typeof v === 'string' && REGION_CODE.test(v);

/**
 * What a region code covers, as the prefix of the codes within it: a province (PP0000) every PPxxxx,
 * a city (PPCC00) every PPCCxx, a county only itself. Purchaser scopes and region filters read codes so.
 */
export const regionPrefix = (code: string): string =>
  code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;

export const FISCAL_YEARS = { min: 2000, max: 2100 } as const;
export const isFiscalYear = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= FISCAL_YEARS.min && v <= FISCAL_YEARS.max;
