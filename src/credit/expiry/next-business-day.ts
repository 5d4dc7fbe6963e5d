/** China Standard Time has no daylight saving: a business day starts at 16:00 UTC of the day before. */
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
/** Milliseconds from `now` to the next 00:00 China Standard Time. */
export function msUntilNextBusinessDay(now: Date): number {
  const local = now.getTime() + CST_OFFSET_MS;
  return DAY_MS - (((local % DAY_MS) + DAY_MS) % DAY_MS);
}
