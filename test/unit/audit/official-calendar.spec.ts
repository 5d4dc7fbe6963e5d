import { expect } from '@jest/globals';
import { OFFICIAL_CALENDAR_YEARS, officialCalendar } from '../../../src/shared/calendar/official-calendar';
import { addDays } from '../../../src/shared/domain/dates';
import { mondayToFriday } from '../../../src/shared/domain/working-calendar';

/**
 * The State Council's notices, typed in from their text (not from the package) so the test checks the
 * package's data against them: holidays as [first, last] ranges (放假调休), and the weekend days made
 * working days (调休上班).
 */
const NOTICES: Record<number, { notice: string; holidays: [string, string][]; makeUpWorkingDays: string[] }> = {
  2024: {
    notice: '国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号',
    holidays: [
      ['2024-01-01', '2024-01-01'], // 元旦, 与周末连休
      ['2024-02-10', '2024-02-17'], // 春节
      ['2024-04-04', '2024-04-06'], // 清明节
      ['2024-05-01', '2024-05-05'], // 劳动节
      ['2024-06-10', '2024-06-10'], // 端午节, 与周末连休
      ['2024-09-15', '2024-09-17'], // 中秋节
      ['2024-10-01', '2024-10-07'], // 国庆节
    ],
    makeUpWorkingDays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    notice: '国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号',
    holidays: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节
      ['2025-04-04', '2025-04-06'], // 清明节
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午节
      ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
    ],
    makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    // Published 2025-11-04 (Xinhua; gov.cn/zhengce/zhengceku/202511/content_7047091.htm).
    notice: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)',
    holidays: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节
      ['2026-04-04', '2026-04-06'], // 清明节
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午节
      ['2026-09-25', '2026-09-27'], // 中秋节
      ['2026-10-01', '2026-10-07'], // 国庆节
    ],
    makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

/** Working or not, for every day of the year, as the notice says (other days: Monday–Friday). */
function expectedYear(year: number): Map<string, boolean> {
  const { holidays, makeUpWorkingDays } = NOTICES[year];
  const days = new Map<string, boolean>();
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) days.set(d, mondayToFriday.isWorkingDay(d));
  for (const [first, last] of holidays) for (let d = first; d <= last; d = addDays(d, 1)) days.set(d, false);
  for (const d of makeUpWorkingDays) days.set(d, true);
  return days;
}

describe("China's official working-day calendar (chinese-days) against the State Council notices", () => {
  it.each([2024, 2025, 2026])('%i: every day of the year is a working day exactly when the notice makes it one', (year) => {
    const differences = [...expectedYear(year)]
      .filter(([date, working]) => officialCalendar.isWorkingDay(date) !== working)
      .map(([date, working]) => `${date}: the notice says ${working ? 'working day' : 'holiday/rest day'}`);
    expect({ notice: NOTICES[year].notice, differences }).toEqual({ notice: NOTICES[year].notice, differences: [] });
  });

  it('make-up working days are weekend days and the holidays fall on weekdays the notice takes off (the fixture is not Monday–Friday)', () => {
    for (const year of [2024, 2025, 2026]) {
      expect(NOTICES[year].makeUpWorkingDays.filter((d) => mondayToFriday.isWorkingDay(d))).toEqual([]);
      expect(NOTICES[year].makeUpWorkingDays.every((d) => officialCalendar.isWorkingDay(d))).toBe(true);
    }
    expect(officialCalendar.isWorkingDay('2024-10-01')).toBe(false); // a Tuesday
    expect(officialCalendar.isWorkingDay('2024-09-29')).toBe(true); // a Sunday
  });

  it('covers 2024–2026 at least; after its last year it falls back to Monday–Friday', () => {
    expect(OFFICIAL_CALENDAR_YEARS.first).toBeLessThanOrEqual(2024);
    expect(OFFICIAL_CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2026);
    const beyond = OFFICIAL_CALENDAR_YEARS.last + 1;
    const different: string[] = [];
    for (let d = `${beyond}-01-01`; d.startsWith(String(beyond)); d = addDays(d, 1)) {
      if (officialCalendar.isWorkingDay(d) !== mondayToFriday.isWorkingDay(d)) different.push(d);
    }
    expect(different).toEqual([]);
    expect(officialCalendar.isWorkingDay(`${beyond}-01-01`)).toBe(mondayToFriday.isWorkingDay(`${beyond}-01-01`));
  });
});
