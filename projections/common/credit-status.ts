import type { IsoDate } from '../../events';

export type DishonestyStatus = 'published' | 'withdrawn' | 'repaired' | 'expired';

/** The calendar day after a business date `YYYY-MM-DD` (projections import only events/: a fold of its own). */
export function dayAfter(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A dishonesty record's status as it stood on `date`, for rows of credit_records and dishonesty_records
 * (`{ publishedFrom, publishedUntil, status, endedOn }`): null before publication; the recorded end
 * (withdrawn / repaired / expired) from its first day; 'expired' from the day after publishedUntil even
 * before CreditPublicationEnded is recorded (reads must not wait for the service to have run at
 * midnight); otherwise 'published'. Unlike a lifted debarment (void from the start), a withdrawn record
 * WAS shown from publication until withdrawal, so a day in between answers 'published'.
 * Limitation: the status is the latest recorded one, so for a record repaired and later withdrawn the
 * days between repair and withdrawal answer 'withdrawn' (the row's `history` has both).
 */
export function dishonestyStatusOn(
  record: {
    readonly publishedFrom: IsoDate;
    readonly publishedUntil: IsoDate | null;
    readonly status: DishonestyStatus;
    readonly endedOn: IsoDate | null;
  },
  date: IsoDate,
): DishonestyStatus | null {
  if (date < record.publishedFrom) return null;
  if (record.status !== 'published' && record.endedOn !== null && record.endedOn <= date) return record.status;
  if (record.publishedUntil !== null && record.publishedUntil < date) return 'expired';
  return 'published';
}
