import type { IsoDate, Organization, Severity } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, earliest, keys, type Tracked } from '../common/fold';
import { dayAfter } from '../common/credit-status';

/**
 * One row per dishonesty record (its id is its penalty's id), for "records in force on date D"
 * (API.md GET /v1/credit/dishonesty?asOf=): published_from ≤ D < ends_on. `ends_on` is the first day
 * the record is no longer in force: the earliest of its recorded end (withdrawal, or CreditPublicationEnded)
 * and the day after publishedUntil, so a record whose period has elapsed is out of the lists from that day
 * even before the service has appended CreditPublicationEnded; a repaired record is in no list at all.
 *
 * Each record carries what a credit platform publishes without a second call (API.md): the contractor's
 * name (from a `contractor:<uscc>` row kept beside the records), the decision's number, legal basis,
 * authority and severity, and the publication period. Fields a v1 entry lacks stay null.
 */
export interface DishonestyRecordRow extends Tracked {
  readonly kind: 'record';
  readonly penaltyId: string;
  readonly uscc: string;
  /** The contractor's registered name; null if the ledger holds no registration (never invented). */
  readonly name: string | null;
  readonly contractId: string;
  readonly violationIds: readonly string[];
  readonly decisionNumber: string | null;
  readonly legalBasis: string | null;
  readonly authority: Organization | null;
  readonly severity: Severity | null;
  readonly publishedAt: IsoDate;
  readonly publishedFrom: IsoDate;
  /** Inclusive last day of publication; null for records published before periods were recorded. */
  readonly publishedUntil: IsoDate | null;
  readonly status: 'published' | 'withdrawn' | 'repaired' | 'expired';
  /** The first day no longer in force by a recorded end (withdrawal, repair, expiry); null while none is recorded. */
  readonly endedOn: IsoDate | null;
  /** Every status change, in ledger order: what auditors read a record's life from. */
  readonly history: readonly { readonly status: DishonestyRecordRow['status']; readonly on: IsoDate; readonly position: number }[];
  /** Ledger position of the entry that published the record: the order of the lists and their cursor. */
  readonly position: number;
}

/** The contractor's name, for the records published about it. */
export interface DishonestyContractorRow extends Tracked {
  readonly kind: 'contractor';
  readonly uscc: string;
  readonly name: string;
}

export type DishonestyRow = DishonestyRecordRow | DishonestyContractorRow;

const recordKey = (penaltyId: string): string => `record:${penaltyId}`;
const contractorKey = (uscc: string): string => `contractor:${uscc}`;

/** The first day a record is not in force, by what is recorded and by its period; null if neither ends it. */
export function recordEndsOn(r: Pick<DishonestyRecordRow, 'endedOn' | 'publishedUntil'>): IsoDate | null {
  return earliest(r.endedOn, r.publishedUntil === null ? null : dayAfter(r.publishedUntil));
}

/**
 * The first day a record is out of the lists (`ends_on`): when it stopped being in force, except that a repaired
 * record is out of every list, whatever the date asked for (信用修复 ends publication and sharing, NDRC Order 36
 * of 2025), so it ends where it began.
 */
function listedUntil(r: DishonestyRecordRow): IsoDate | null {
  return r.history.some((h) => h.status === 'repaired') ? r.publishedFrom : recordEndsOn(r);
}

/** The record as it ends: status and first day out, unless it has ended before (the first end stands). */
function ended(row: DishonestyRecordRow, status: 'repaired' | 'expired', on: IsoDate, position: number): DishonestyRecordRow {
  if (row.status !== 'published') return row;
  return { ...row, status, endedOn: on, history: [...row.history, { status, on, position }] };
}

function fold(row: DishonestyRow | null, e: ProjectedEntry, key: string, get: (key: string) => DishonestyRow | null): DishonestyRow | null {
  const ev = e.event;
  if (row?.kind === 'contractor' || key.startsWith('contractor:')) {
    // Registration is once per contractor (ALREADY_EXISTS otherwise); a later entry leaves the name as it is.
    return ev.type === 'ContractorRegistered' && row === null
      ? { kind: 'contractor', uscc: ev.data.uscc, name: ev.data.name, lastPosition: 0 }
      : row;
  }
  switch (ev.type) {
    case 'DishonestyRecordPublished': {
      const d = ev.data;
      const contractor = get(contractorKey(d.uscc));
      return {
        kind: 'record',
        penaltyId: d.penaltyId,
        uscc: d.uscc,
        name: contractor?.kind === 'contractor' ? contractor.name : null,
        contractId: d.contractId,
        violationIds: [...d.violationIds],
        decisionNumber: d.decisionNumber,
        legalBasis: d.legalBasis,
        authority: d.authority === null ? null : { name: d.authority.name, uscc: d.authority.uscc },
        severity: d.severity,
        publishedAt: d.publishedAt,
        publishedFrom: d.publishedFrom,
        publishedUntil: d.publishedUntil,
        status: 'published',
        endedOn: null,
        history: [{ status: 'published', on: d.publishedFrom, position: e.position }],
        position: e.position,
        lastPosition: 0,
      } satisfies DishonestyRecordRow;
    }
    case 'DishonestyRecordWithdrawn':
      // The decider's status follows the withdrawal (the penalty is void); a record that ended earlier stayed out of force from then.
      return row?.kind === 'record'
        ? {
            ...row,
            status: 'withdrawn',
            endedOn: earliest(row.endedOn, ev.data.withdrawnAt),
            history: [...row.history, { status: 'withdrawn', on: ev.data.withdrawnAt, position: e.position }],
          }
        : row;
    case 'CreditRepaired':
      return row?.kind === 'record' ? ended(row, 'repaired', ev.data.repairedAt, e.position) : row;
    case 'CreditPublicationEnded':
      return row?.kind === 'record' ? ended(row, 'expired', ev.data.endedOn, e.position) : row;
    default:
      return row;
  }
}

export const dishonestyRecords: Projection<DishonestyRow> = {
  name: 'dishonesty_records',
  /** 2: decision fields, publication period, expiry, contractor names (issue 14). */
  version: 2,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    uscc: { type: 'text', of: (r) => r.uscc },
    status: { type: 'text', of: (r) => (r.kind === 'record' ? r.status : null) },
    published_from: { type: 'text', of: (r) => (r.kind === 'record' ? r.publishedFrom : null) },
    published_until: { type: 'text', of: (r) => (r.kind === 'record' ? r.publishedUntil : null) },
    ends_on: { type: 'text', of: (r) => (r.kind === 'record' ? listedUntil(r) : null) },
    position: { type: 'integer', of: (r) => (r.kind === 'record' ? r.position : null) },
  },
  keysOf(e, get) {
    const ev = e.event;
    switch (ev.type) {
      case 'ContractorRegistered':
        return [contractorKey(ev.data.uscc)];
      case 'DishonestyRecordPublished':
        // The contractor's row first: the record reads the name from it.
        return keys(contractorKey(ev.data.uscc), recordKey(ev.data.penaltyId));
      case 'DishonestyRecordWithdrawn':
      case 'CreditPublicationEnded':
        return [recordKey(ev.data.penaltyId)];
      case 'CreditRepaired':
        // Only records that exist and are still in force are repaired.
        return ev.data.penaltyIds.map(recordKey).filter((k) => {
          const r = get(k);
          return r?.kind === 'record' && r.status === 'published';
        });
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
