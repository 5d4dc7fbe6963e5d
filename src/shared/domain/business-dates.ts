import type { IsoDate } from '../../../events/common';
import { addDays, compareDates, isValidDate } from './dates';
import { RuleViolation } from './rule-violation';

/**
 * Business dates are plausible (DOMAIN.md `DATE_OUT_OF_ORDER`; API.md "Conventions"). Every fact carries the
 * date its caller states (`...At`/`...On`, `YYYY-MM-DD`); the ledger's `recordedAt` is when it was written.
 * A stated date may run at most one day ahead of today in China Standard Time: a purchaser east of the
 * service's clock, or one writing just after midnight, is not refused, but a mistyped year is.
 */
export const FUTURE_TOLERANCE_DAYS = 1;

/**
 * The dates a fact says it happened on: every `...At`/`...On` field of its data that holds a date, at the top
 * level or in a nested object (a tender's `approval.approvedOn`). Periods and deadlines (`endDate`,
 * `debarment.until`, `publishedUntil`, instalments' `dueDate`) are not such fields: they may lie ahead.
 */
export function happenedOnDates(data: unknown, path = ''): { readonly field: string; readonly date: IsoDate }[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const out: { field: string; date: IsoDate }[] = [];
  for (const [key, value] of Object.entries(data)) {
    const field = path === '' ? key : `${path}.${key}`;
    if (typeof value === 'string' && /(At|On)$/.test(key) && isValidDate(value)) out.push({ field, date: value });
    else if (path === '' && value !== null && typeof value === 'object' && !Array.isArray(value))
      out.push(...happenedOnDates(value, field));
  }
  return out;
}

/** A business date is not after today (China Standard Time) + FUTURE_TOLERANCE_DAYS. */
export function assertDateNotInTheFuture(field: string, date: IsoDate, today: IsoDate): void {
  if (compareDates(date, addDays(today, FUTURE_TOLERANCE_DAYS)) > 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `${field} ${date} is in the future: today is ${today} (China Standard Time), and a business date may be at most ${FUTURE_TOLERANCE_DAYS} day ahead`,
    );
  }
}

/** No fact of a decision is dated after today (China Standard Time) + FUTURE_TOLERANCE_DAYS. */
export function assertNotInTheFuture(events: readonly { readonly type: string; readonly data: unknown }[], today: IsoDate): void {
  for (const event of events) for (const { field, date } of happenedOnDates(event.data)) assertDateNotInTheFuture(field, date, today);
}

/**
 * A project's facts are not dated before the year preceding its fiscal year (preparation for a fiscal
 * year's purchase starts at the earliest in the year before it). Later facts follow from the lifecycle
 * order: tender ≥ registration, award ≥ tender, signing ≥ award, and each contract fact ≥ signing.
 */
export function assertWithinProjectYears(field: string, date: IsoDate, fiscalYear: number): void {
  const earliest = `${String(fiscalYear - 1).padStart(4, '0')}-01-01`;
  if (compareDates(date, earliest) < 0) {
    throw new RuleViolation(
      'DATE_OUT_OF_ORDER',
      `${field} ${date} is before ${earliest}: a fiscal year ${fiscalYear} project's facts start at the earliest in the year before it`,
    );
  }
}

/** `later` is not before `earlier` (lifecycle order), else DATE_OUT_OF_ORDER naming both. */
export function assertInOrder(later: { field: string; date: IsoDate }, earlier: { what: string; date: IsoDate }): void {
  if (compareDates(later.date, earlier.date) < 0) {
    throw new RuleViolation('DATE_OUT_OF_ORDER', `${later.field} ${later.date} is before ${earlier.what} (${earlier.date})`);
  }
}
