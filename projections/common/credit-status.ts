import type { IsoDate } from '../../events';

/**
 * A dishonesty record's status as it stood on `date`, for rows of credit_records
 * (`{ publishedAt, status, statusAt? }`) and dishonesty_records (`{ publishedAt, status, endedAt }`):
 * null before publication; the recorded status (withdrawn / repaired) from the day of that change;
 * otherwise 'published'. There is no 'expired': the domain gives a record no end date (DishonestyRecordPublished
 * carries none, no policy sets one); it ends only by withdrawal (penalty revoked) or credit repair
 * (contractors decider). Unlike a lifted debarment (void from the start), a withdrawn record WAS shown
 * from publication until withdrawal, so a day in between answers 'published'.
 * Limitation: those rows keep only the latest change, so for a record repaired and later withdrawn the
 * days between repair and withdrawal answer 'published'.
 */
export function dishonestyStatusOn(
  record: {
    readonly publishedAt: IsoDate;
    readonly status: 'published' | 'withdrawn' | 'repaired';
    readonly statusAt?: IsoDate;
    readonly endedAt?: IsoDate | null;
  },
  date: IsoDate,
): 'published' | 'withdrawn' | 'repaired' | null {
  if (date < record.publishedAt) return null;
  const changedAt = record.statusAt ?? record.endedAt ?? null;
  if (record.status !== 'published' && changedAt !== null && changedAt <= date) return record.status;
  return 'published';
}
