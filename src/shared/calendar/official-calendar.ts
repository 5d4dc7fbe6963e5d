import data from 'chinese-days/dist/chinese-days.json';
import { mondayToFriday, WorkingCalendar } from '../domain/working-calendar';

/**
 * China's official working days from the maintained `chinese-days` package, which transcribes the State
 * Council's yearly notices (国务院办公厅关于…部分节假日安排的通知); test/unit/audit/official-calendar.spec.ts
 * checks its data against the notices for 2024–2026.
 *
 * We read the package's published data (dist/chinese-days.json: holidays and make-up working days by
 * `YYYY-MM-DD`), not its date functions: those read local-time fields of UTC instants and shift every
 * day by one in time zones west of UTC. Weekdays come from our own date arithmetic.
 *
 * Outside the years the data covers (before its first year, or after the last notice the installed
 * version knows) a date is judged Monday–Friday: a deadline may then fall on a holiday that is not
 * published yet, and upgrading the package extends the coverage.
 */
const holidays: Readonly<Record<string, string>> = data.holidays;
const workdays: Readonly<Record<string, string>> = data.workdays;

function coverage(): { first: number; last: number } {
  const years = Object.keys(holidays).map((d) => Number(d.slice(0, 4)));
  if (years.length === 0) throw new Error('chinese-days lists no holiday: the official calendar is missing');
  return { first: Math.min(...years), last: Math.max(...years) };
}

export const OFFICIAL_CALENDAR_YEARS = coverage();

export const officialCalendar: WorkingCalendar = {
  isWorkingDay(date: string): boolean {
    // Outside the covered years neither list has the date: Monday–Friday, as said above.
    if (date in workdays) return true;
    if (date in holidays) return false;
    return mondayToFriday.isWorkingDay(date);
  },
};
