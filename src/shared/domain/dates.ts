/**
 * Calendar dates `YYYY-MM-DD` (API.md "Conventions"), pure: no clock, no time zone — a
 * business date is a label, and the arithmetic below is proleptic Gregorian on day numbers.
 *
 * Contract terms (000 §四(三)2–3: "履行期限一般不超过1年 … 不超过3年"). A term runs from
 * startDate to endDate, BOTH INCLUSIVE (the service is owed on each of those days). A term
 * "lasts at most N months" iff the day AFTER endDate is not later than startDate + N months,
 * where adding months keeps the day of the month and clamps to the month's last day
 * (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28). So:
 *   2024-03-01 … 2025-02-28  is exactly 12 months          (day after = 2025-03-01 = start + 12 months)
 *   2024-03-01 … 2025-03-01  is 12 months + 1 day (refused without justification)
 *   2024-01-01 … 2026-12-31  is exactly 36 months; … 2027-01-01 is 36 months + 1 day.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` that exists in the calendar: isValidDate('2024-02-29') true, isValidDate('2024-02-30') false. */
export function isValidDate(value: string): boolean {
  if (typeof value !== 'string') return false;
  const m = DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function parts(date: string): [number, number, number] {
  if (!isValidDate(date)) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). Date.UTC is pure arithmetic here, not a clock. */
export function dayNumber(date: string): number {
  const [y, m, d] = parts(date);
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / 86_400_000);
}

function fromDayNumber(n: number): string {
  const t = new Date(n * 86_400_000);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export const addDays = (date: string, days: number): string => fromDayNumber(dayNumber(date) + days);

/** Same day of the month N months later (N may be negative), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return format(year, month, Math.min(d, daysInMonth(year, month)));
}

/** -1, 0, 1 as a is before, the same day as, after b (valid dates compare as strings). */
export function compareDates(a: string, b: string): number {
  parts(a);
  parts(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isBefore = (a: string, b: string): boolean => compareDates(a, b) < 0;
export const isAfter = (a: string, b: string): boolean => compareDates(a, b) > 0;

/** from ≤ date ≤ until, all inclusive. */
export const isWithin = (date: string, from: string, until: string): boolean =>
  compareDates(from, date) <= 0 && compareDates(date, until) <= 0;

/** Number of days startDate … endDate, both inclusive (a one-day term is 1). */
export const termDays = (startDate: string, endDate: string): number => dayNumber(endDate) - dayNumber(startDate) + 1;

/** True iff the inclusive term startDate … endDate lasts at most `months` months (see the header). */
export function termWithinMonths(startDate: string, endDate: string, months: number): boolean {
  return compareDates(addDays(endDate, 1), addMonths(startDate, months)) <= 0;
}

/** For rule details: "2024-03-01 … 2025-03-01 is 12 months + 1 day (the 12-month term ends 2025-02-28)". */
export function describeTerm(startDate: string, endDate: string, months: number): string {
  const limitEnd = addDays(addMonths(startDate, months), -1);
  const over = dayNumber(endDate) - dayNumber(limitEnd);
  if (over <= 0) return `${startDate} … ${endDate} (within ${months} months)`;
  return `${startDate} … ${endDate} is ${months} months + ${over} day${over === 1 ? '' : 's'} (the ${months}-month term ends ${limitEnd})`;
}

/**
 * The inclusive last day of a period of N months that begins ON `from` (a publication period, 公示期, is
 * counted from the decision date, that day included): addMonths(from, N) − 1 day. addMonths clamps to the
 * month's last day, so the period is never longer than N months and never reaches into the month after:
 *   2024-03-15 + 3 months → 2024-06-14;   2024-01-31 + 1 month → 2024-02-28 (2024-02-29 − 1 day);
 *   2024-03-01 + 12 months → 2025-02-28;  2024-02-29 + 12 months → 2025-02-27 (2025-02-28 − 1 day).
 * The same convention as contract terms above (termWithinMonths(from, periodLastDay(from, N), N) holds).
 */
export const periodLastDay = (from: string, months: number): string => addDays(addMonths(from, months), -1);
