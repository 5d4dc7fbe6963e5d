import type { IsoDate } from '../../events';
import type { Projection } from '../projection';

/**
 * One row per dishonesty record (its id is its penalty's id), for "records in force on date D"
 * (API.md GET /v1/credit/dishonesty?asOf=): published_at ≤ D and (ended_at is null or > D).
 * A record ends when withdrawn (its penalty revoked) or repaired (信用修复).
 */
export interface DishonestyRecordRow {
  readonly penaltyId: string;
  readonly uscc: string;
  readonly contractId: string;
  readonly violationIds: readonly string[];
  readonly publishedAt: IsoDate;
  readonly status: 'published' | 'withdrawn' | 'repaired';
  readonly endedAt: IsoDate | null;
  /** Ledger position of the entry that published the record. */
  readonly position: number;
}

export const dishonestyRecords: Projection<DishonestyRecordRow> = {
  name: 'dishonesty_records',
  version: 1,
  columns: {
    uscc: { type: 'text', of: (r) => r.uscc },
    published_at: { type: 'text', of: (r) => r.publishedAt },
    ended_at: { type: 'text', of: (r) => r.endedAt },
  },
  keysOf(e, get) {
    const ev = e.event;
    switch (ev.type) {
      case 'DishonestyRecordPublished':
      case 'DishonestyRecordWithdrawn':
        return [`record:${ev.data.penaltyId}`];
      case 'CreditRepaired':
        // Only records that exist and are still in force are repaired.
        return ev.data.penaltyIds.map((id) => `record:${id}`).filter((k) => get(k)?.status === 'published');
      default:
        return [];
    }
  },
  apply(row, e) {
    const ev = e.event;
    switch (ev.type) {
      case 'DishonestyRecordPublished':
        return {
          penaltyId: ev.data.penaltyId,
          uscc: ev.data.uscc,
          contractId: ev.data.contractId,
          violationIds: [...ev.data.violationIds],
          publishedAt: ev.data.publishedAt,
          status: 'published',
          endedAt: null,
          position: e.position,
        };
      case 'DishonestyRecordWithdrawn':
        // A record repaired earlier stopped being in force then; a later withdrawal does not move that.
        return row ? { ...row, status: 'withdrawn', endedAt: row.endedAt ?? ev.data.withdrawnAt } : row;
      case 'CreditRepaired':
        return row ? { ...row, status: 'repaired', endedAt: ev.data.repairedAt } : row;
      default:
        return row;
    }
  },
};
