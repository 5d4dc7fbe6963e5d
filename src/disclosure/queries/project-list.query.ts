import { PROCUREMENT_METHODS } from '../../../events/common';
import { DISCLOSURE_STATUSES } from '../../../projections/disclosure/disclosure.projection';
import { foldName } from '../../../projections/contractors/contractors.projection';
import type { RowQuery } from '../../projection-runner/projection-store.port';
import { refuseParameters, unknownParameters, type ParamProblem } from '../../http/params';
import { CATALOGUE_CODES } from '../../policy/catalogue';
import { isValidDate } from '../../shared/domain/dates';
import { FISCAL_YEARS, isFiscalYear, isRegionCode, regionPrefix } from '../../shared/domain/region';
import { usccProblem } from '../../shared/domain/uscc';

/**
 * The query string of `GET /v1/disclosure/projects` (API.md "Queries"; issue 16), which the portal's list shares so
 * that a search can be bookmarked. Every parameter is optional; an empty one (`?region=`, what a plain HTML form sends
 * for "any") is the same as none. A parameter not listed here is refused by name rather than ignored: a misspelt
 * filter would otherwise answer with every project and look like a result.
 */
export const PAGE_SIZE = { default: 20, max: 100 } as const;
export const PAGE_MAX = 999_999;
export const Q_MAX = 100;
export const SORTS = ['date', '-date', 'amount', '-amount'] as const;
/** A CSV without page or pageSize holds every matching project; beyond this many the caller narrows the filter or pages. */
export const CSV_MAX_ROWS = 10_000;

const FILTERS = ['q', 'region', 'fiscalYear', 'category', 'contractor', 'method', 'status', 'from', 'to'] as const;
export const LIST_PARAMETERS: readonly string[] = [...FILTERS, 'sort', 'page', 'pageSize', 'minPosition'];
/** Columns added by version 6 of the disclosure projection: absent from the previous table served while it is rebuilt. */
const NEW_COLUMNS = ['search', 'category', 'contractor_uscc', 'method', 'status', 'amount'];

export interface ProjectList {
  readonly where: NonNullable<RowQuery['where']>;
  readonly orderBy: NonNullable<RowQuery['orderBy']>;
  readonly page: number;
  readonly pageSize: number;
  /** Whether the caller asked for a page (page or pageSize given): a CSV is then that page, else every match. */
  readonly paged: boolean;
  /** Whether the query reads a column the previous definition of the read model did not have. */
  readonly needsNewColumns: boolean;
}

/** Parses and checks the whole query string; every problem is reported at once, each naming its parameter. */
export function parseProjectList(query: Readonly<Record<string, unknown>>): ProjectList {
  const problems: ParamProblem[] = [];
  const bad = (name: string, message: string): undefined => {
    problems.push({ path: `query.${name}`, message });
    return undefined;
  };
  problems.push(...unknownParameters(query, LIST_PARAMETERS));
  const text = (name: string): string | undefined => {
    const v = query[name];
    if (v === undefined || v === '') return undefined;
    return typeof v === 'string' ? v : bad(name, 'must be given once');
  };
  const where: Record<string, NonNullable<RowQuery['where']>[string]> = { kind: 'project' };
  const check = <T>(name: string, parse: (v: string) => T | undefined, message: string): T | undefined => {
    const v = text(name);
    if (v === undefined) return undefined;
    const parsed = parse(v);
    return parsed === undefined ? bad(name, message) : parsed;
  };

  const q = text('q');
  // Characters as the schema's maxLength counts them (code points), before trimming.
  if (q !== undefined && [...q].length > Q_MAX) bad('q', `must be at most ${Q_MAX} characters`);
  // No title or name holds one, and PostgreSQL refuses NUL in text: a 400, not a 500.
  else if (q !== undefined && /\p{Cc}/u.test(q)) bad('q', 'must not contain control characters');
  else if (q !== undefined && q.trim() !== '') where.search = { contains: foldName(q.trim()) };

  const region = check('region', (v) => (isRegionCode(v) ? v : undefined), 'must be a 6-digit region code (GB/T 2260)');
  if (region !== undefined) {
    // A province (PP0000) covers PPxxxx, a city (PPCC00) PPCCxx, a county itself: a range over the indexed column.
    const prefix = regionPrefix(region);
    where.region = { from: prefix.padEnd(6, '0'), to: prefix.padEnd(6, '9') };
  }
  const year = check('fiscalYear', (v) => (/^\d{4}$/.test(v) && isFiscalYear(Number(v)) ? Number(v) : undefined), yearMessage());
  if (year !== undefined) where.fiscal_year = year;
  const category = check('category', (v) => (CATALOGUE_CODES.includes(v) ? v : undefined), 'must be a code of GET /v1/catalogue');
  if (category !== undefined) where.category = category;
  const contractor = text('contractor');
  const usccWrong = contractor === undefined ? null : usccProblem(contractor);
  if (usccWrong !== null) bad('contractor', `must be a unified social credit code: ${usccWrong}`);
  else if (contractor !== undefined) where.contractor_uscc = contractor;
  const method = check('method', oneOf(PROCUREMENT_METHODS), `must be one of ${PROCUREMENT_METHODS.join(', ')}`);
  if (method !== undefined) where.method = method;
  const status = check('status', oneOf(DISCLOSURE_STATUSES), `must be one of ${DISCLOSURE_STATUSES.join(', ')}`);
  if (status !== undefined) where.status = status;
  const from = check('from', (v) => (isValidDate(v) ? v : undefined), 'must be a calendar date YYYY-MM-DD');
  const to = check('to', (v) => (isValidDate(v) ? v : undefined), 'must be a calendar date YYYY-MM-DD');
  if (from !== undefined && to !== undefined && from > to) bad('to', `must not be before from (${from})`);
  else if (from !== undefined || to !== undefined) where.registered_on = { ...(from ? { from } : {}), ...(to ? { to } : {}) };

  const sort = check('sort', oneOf(SORTS), `must be one of ${SORTS.join(', ')}`) ?? 'date';
  const page = check('page', (v) => wholeNumber(v, 1, PAGE_MAX), `must be a page number from 1 to ${PAGE_MAX}`);
  const pageSize = check('pageSize', (v) => wholeNumber(v, 1, PAGE_SIZE.max), `must be a whole number from 1 to ${PAGE_SIZE.max}`);

  refuseParameters(problems);
  const orderBy = { column: sort.endsWith('date') ? 'registered_on' : 'amount', desc: sort.startsWith('-') };
  return {
    where,
    orderBy,
    page: page ?? 1,
    pageSize: pageSize ?? PAGE_SIZE.default,
    paged: page !== undefined || pageSize !== undefined,
    needsNewColumns: orderBy.column === 'amount' || Object.keys(where).some((c) => NEW_COLUMNS.includes(c)),
  };
}

const yearMessage = (): string => `must be a year from ${FISCAL_YEARS.min} to ${FISCAL_YEARS.max}`;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: string): T | undefined =>
    (values as readonly string[]).includes(v) ? (v as T) : undefined;

function wholeNumber(v: string, min: number, max: number): number | undefined {
  if (!/^[1-9]\d{0,5}$/.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}
