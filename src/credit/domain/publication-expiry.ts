import type { CreditPublicationEnded, IsoDate, LedgerEvent } from '../../../events';
import { addDays, compareDates } from '../../shared/domain/dates';

/**
 * The end of a publication period (公示期; NDRC Order 36 of 2025, DOMAIN.md "Publication of penalties and
 * dishonesty records"): once `publishedUntil` (the inclusive last day) has passed, the penalty and its
 * dishonesty record, if it has one, are no longer published, and the ledger says so with one
 * CreditPublicationEnded per penalty. Pure: the shell (credit-publication-expiry.service.ts) brings the
 * streams' events and today's date.
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

/** A penalty's own publication, as its penalty stream tells it (PenaltyImposed v2 carries the period). */
export interface PenaltyPublication {
  readonly penaltyId: string;
  readonly uscc: string;
  /** null when the penalty is not published (minor) or was recorded before periods were (PenaltyImposed v1). */
  readonly publishedUntil: IsoDate | null;
  readonly revoked: boolean;
}

/** The penalty of a penalty stream, or undefined for a stream without PenaltyImposed. */
export function penaltyPublicationOf(events: readonly LedgerEvent[]): PenaltyPublication | undefined {
  let penalty: PenaltyPublication | undefined;
  for (const event of events) {
    if (event.type === 'PenaltyImposed') {
      const { penaltyId, contractorUscc, publishedUntil } = event.data;
      penalty = { penaltyId, uscc: contractorUscc, publishedUntil, revoked: false };
    } else if (event.type === 'PenaltyRevoked' && penalty !== undefined) {
      penalty = { ...penalty, revoked: true };
    }
  }
  return penalty;
}

/** Penalties whose publication the contractor stream has ended: expired, or repaired (信用修复). */
export function publicationEndsOf(events: readonly LedgerEvent[]): ReadonlySet<string> {
  const ended = new Set<string>();
  for (const event of events) {
    if (event.type === 'CreditPublicationEnded') ended.add(event.data.penaltyId);
    else if (event.type === 'CreditRepaired') for (const id of event.data.penaltyIds) ended.add(id);
  }
  return ended;
}

/**
 * CreditPublicationEnded for a published penalty WITHOUT a dishonesty record whose period has elapsed by
 * `today` (same rule and same event as decideExpiry). Nothing for a penalty that is unknown, not published
 * (minor, or v1 without a period), revoked (its publication is void), repaired or already expired, or that
 * has a dishonesty record on the contractor stream: that record's own decision (decideExpiry) ends the
 * penalty's publication with it, so a penalty gets one CreditPublicationEnded, never two.
 */
export function decidePenaltyExpiry(
  penalty: PenaltyPublication | undefined,
  contractorEvents: readonly LedgerEvent[],
  today: IsoDate,
): CreditPublicationEnded | null {
  if (penalty === undefined || penalty.revoked) return null;
  if (publicationsOf(contractorEvents).has(penalty.penaltyId)) return null;
  const ended = publicationEndsOf(contractorEvents).has(penalty.penaltyId);
  return decideExpiry({ penaltyId: penalty.penaltyId, uscc: penalty.uscc, publishedUntil: penalty.publishedUntil, ended }, today);
}
