import { addDays, dayNumber } from './dates';

/**
 * Working days (DOMAIN.md "Rules and their codes": China's official calendar — public holidays and the
 * weekend days made working days, 调休 — not Monday–Friday). A port: deciders and findings stay pure and
 * the shell hands in the calendar (src/shared/calendar/official-calendar.ts adapts the `chinese-days` data).
 */
export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => (dayNumber(date) + 4) % 7; // day 0 = 1970-01-01, a Thursday

/** Monday–Friday: the fallback for years the official data does not cover yet (no notice published). */
export const mondayToFriday: WorkingCalendar = { isWorkingDay: (date) => weekday(date) !== 0 && weekday(date) !== 6 };

/** The date `days` working days after `date` (the day itself does not count). */
export function workingDaysAfter(date: string, days: number, calendar: WorkingCalendar): string {
  let d = date;
  for (let left = days; left > 0;) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) left -= 1;
  }
  return d;
}
