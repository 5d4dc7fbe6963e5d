import type { CreditPublicationEnded, IsoDate, LedgerEvent } from '../../../events';
import { addDays, compareDates } from '../../shared/domain/dates';

/**
 * The end of a dishonesty record's publication period (公示期; NDRC Order 36 of 2025, DOMAIN.md
 * "Publication of penalties and dishonesty records"): once `publishedUntil` (the inclusive last day) has
 * passed, the record is no longer published, and the ledger says so with CreditPublicationEnded. Pure:
 * the shell (credit-publication-expiry.service.ts) brings the contractor stream's events and today's date.
 */

/** A record's publication as its contractor stream tells it. */
export interface RecordPublication {
  readonly penaltyId: string;
  readonly uscc: string;
  /** null for records published before periods were recorded (DishonestyRecordPublished v1): no period, no end. */
  readonly publishedUntil: IsoDate | null;
  /** Ended already: withdrawn (penalty revoked), repaired (信用修复) or expired. */
  readonly ended: boolean;
}

/** The first day a record is no longer published: the day after its inclusive last day. */
export const publicationEndsOn = (publishedUntil: IsoDate): IsoDate => addDays(publishedUntil, 1);

/** The records of one contractor stream, by penalty id, in the state its events leave them. */
export function publicationsOf(events: readonly LedgerEvent[]): ReadonlyMap<string, RecordPublication> {
  const records = new Map<string, RecordPublication>();
  const end = (penaltyId: string | null): void => {
    const r = penaltyId === null ? undefined : records.get(penaltyId);
    if (r) records.set(r.penaltyId, { ...r, ended: true });
  };
  for (const event of events) {
    switch (event.type) {
      case 'DishonestyRecordPublished': {
        const { penaltyId, uscc, publishedUntil } = event.data;
        records.set(penaltyId, { penaltyId, uscc, publishedUntil, ended: false });
        break;
      }
      case 'DishonestyRecordWithdrawn':
      case 'CreditPublicationEnded':
        end(event.data.penaltyId);
        break;
      case 'CreditRepaired':
        for (const id of event.data.penaltyIds) end(id);
        break;
      default:
        break;
    }
  }
  return records;
}

/**
 * CreditPublicationEnded for the record if its period has elapsed by `today` (a business date, UTC+8):
 * from 00:00 of the day after publishedUntil. Nothing for a record that is unknown, has no period, or has
 * already ended (withdrawn, repaired, or expired before): exactly one end per record.
 */
export function decideExpiry(record: RecordPublication | undefined, today: IsoDate): CreditPublicationEnded | null {
  if (record === undefined || record.ended || record.publishedUntil === null) return null;
  const endedOn = publicationEndsOn(record.publishedUntil);
  if (compareDates(endedOn, today) > 0) return null;
  return {
    type: 'CreditPublicationEnded',
    schemaVersion: 1,
    data: { penaltyId: record.penaltyId, uscc: record.uscc, endedOn, reason: 'period_elapsed' },
  };
}
