import {
  addDays,
  addMonths,
  compareDates,
  describeTerm,
  isValidDate,
  periodLastDay,
  termWithinMonths,
} from '../../../src/shared/domain/dates';
import { cny, yuan } from '../../../src/shared/domain/money';
import { formatFen } from '../../../events/money';
import { isValidUscc, usccCheckChar } from '../../../src/shared/domain/uscc';

describe('money: the one formatter', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [99, '0.99'],
    [100, '1.00'],
    [120_000_000, '1,200,000.00'],
    [123_456_789_01, '123,456,789.01'],
    [-1, '-0.01'],
  ])('formatFen(%p) = %p', (fen, text) => expect(formatFen(fen)).toBe(text));
  it('prints CNY and converts whole yuan', () => {
    expect(cny(yuan(4_000_000))).toBe('4,000,000.00 CNY');
    expect(() => formatFen(0.5)).toThrow(RangeError);
  });
});

describe('uscc (GB 32100-2015 check character)', () => {
  it('accepts well-known valid codes', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91110000710925462X')).toBe(true); // check character X
    expect(isValidUscc('91440300708461136T')).toBe(true);
  });
  it('refuses a wrong check character, wrong length, lower case and letters outside the set', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc('91350100I000100Y43')).toBe(false); // I is not in the character set
  });
  it('computes check character 0 as "0" (the (31 − s mod 31) mod 31 wrap)', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0'); // sum 0 → (31 − 0) mod 31 = 0
    expect(isValidUscc('000000000000000000')).toBe(true);
  });
});

describe('dates', () => {
  it('validates calendar dates', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2024-02-30')).toBe(false);
    expect(isValidDate('2024-13-01')).toBe(false);
    expect(isValidDate('2024-1-01')).toBe(false);
    expect(isValidDate('2024-01-01T00:00:00Z')).toBe(false);
    expect(isValidDate('1900-02-29')).toBe(false);
    expect(isValidDate('2000-02-29')).toBe(true);
  });
  it('adds months keeping the day, clamped to the month end; adds days across years', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(compareDates('2024-01-02', '2024-01-10')).toBe(-1);
  });
  it('"12 months" is start … (start + 12 months − 1 day), both inclusive; one day more is 12 months + 1 day', () => {
    expect(termWithinMonths('2024-03-01', '2025-02-28', 12)).toBe(true);
    expect(termWithinMonths('2024-03-01', '2025-03-01', 12)).toBe(false);
    expect(termWithinMonths('2024-01-01', '2024-12-31', 12)).toBe(true);
    expect(termWithinMonths('2024-01-01', '2025-01-01', 12)).toBe(false);
    expect(termWithinMonths('2024-02-29', '2025-02-27', 12)).toBe(true);
    expect(termWithinMonths('2024-02-29', '2025-02-28', 12)).toBe(false);
    expect(termWithinMonths('2024-01-01', '2026-12-31', 36)).toBe(true);
    expect(termWithinMonths('2024-01-01', '2027-01-01', 36)).toBe(false);
    expect(describeTerm('2024-03-01', '2025-03-01', 12)).toBe(
      '2024-03-01 … 2025-03-01 is 12 months + 1 day (the 12-month term ends 2025-02-28)',
    );
  });

  it('periodLastDay: the inclusive last day of N months from a day (公示截止期), clamped at month ends', () => {
    expect(periodLastDay('2024-03-15', 3)).toBe('2024-06-14');
    expect(periodLastDay('2024-03-01', 12)).toBe('2025-02-28');
    expect(periodLastDay('2024-01-01', 36)).toBe('2026-12-31');
    // Month ends: 2024-01-31 + 1 month is 2024-02-29 (clamped), so the last day is 2024-02-28.
    expect(periodLastDay('2024-01-31', 1)).toBe('2024-02-28');
    expect(periodLastDay('2024-01-30', 1)).toBe('2024-02-28');
    expect(periodLastDay('2024-01-28', 1)).toBe('2024-02-27');
    expect(periodLastDay('2023-01-31', 1)).toBe('2023-02-27');
    expect(periodLastDay('2024-03-31', 1)).toBe('2024-04-29');
    expect(periodLastDay('2024-02-29', 12)).toBe('2025-02-27');
    expect(periodLastDay('2024-12-31', 3)).toBe('2025-03-30');
    expect(periodLastDay('2024-11-30', 3)).toBe('2025-02-27');
    // Never longer than N months, by the same measure as contract terms; one day more would be.
    for (const from of ['2024-01-31', '2024-02-29', '2024-08-31', '2025-12-31', '2026-04-01']) {
      for (const n of [1, 3, 6, 12, 36]) {
        expect(termWithinMonths(from, periodLastDay(from, n), n)).toBe(true);
        expect(termWithinMonths(from, addDays(periodLastDay(from, n), 1), n)).toBe(false);
      }
    }
  });
});
