/** The service's clock, injectable so tests can fix "today". Deciders never read it: handlers do. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * The business date (YYYY-MM-DD) of an instant in China Standard Time (UTC+8, no daylight saving):
 * the date a purchaser in Changchun or Hohhot would write on the document.
 */
export function businessDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
