import type { ContractorKind, FinancialReportFiledData, IsoDate } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, pad12, type Tracked } from '../common/fold';

/**
 * Registered contractors, for purchasers to find one before they award (API.md `GET /v1/contractors`):
 * name, kind, region, the debarment periods that answer "debarred today?" and the audited financial reports
 * filed (000 §四(四)2, 002 §四(三)). Public event data only.
 *
 * Rows: `contractor:<position of ContractorRegistered, 12 digits>` (kind 'contractor'), so keys sort in
 * registration order and a page after a cursor is a key range; `uscc:<uscc>` (kind 'uscc') maps a
 * contractor's code to its row for the debarment events, which name only the code.
 */

export interface ContractorListRow extends Tracked {
  readonly kind: 'contractor';
  readonly uscc: string;
  readonly name: string;
  readonly contractorKind: ContractorKind;
  readonly region: string | null;
  /** Position and instant of the ContractorRegistered entry: the list's order and cursor. */
  readonly position: number;
  readonly recordedAt: string;
  readonly debarments: readonly { penaltyId: string; from: IsoDate; until: IsoDate; lifted: boolean }[];
  /** One per year, in ledger order, each with the position of its FinancialReportFiled entry. */
  readonly financialReports: readonly FinancialReport[];
}

export type FinancialReport = Omit<FinancialReportFiledData, 'uscc'> & { readonly position: number };

export interface ContractorKeyRow extends Tracked {
  readonly kind: 'uscc';
  readonly uscc: string;
  readonly key: string;
}

export type ContractorsRows = ContractorListRow | ContractorKeyRow;

export const contractorListKey = (position: number): string => `contractor:${pad12(position)}`;
const usccKey = (uscc: string): string => `uscc:${uscc}`;

/**
 * How names are compared by `?q=`: NFKC (full-width Ａ１ as A1) and lower case, so Latin letters match
 * in either case; Chinese characters are compared as they are. The row's column and the needle both go through it.
 */
export const foldName = (text: string): string => text.normalize('NFKC').toLowerCase();

function fold(row: ContractorsRows | null, entry: ProjectedEntry, key: string): ContractorsRows | null {
  const e = entry.event;
  switch (e.type) {
    case 'ContractorRegistered':
      if (row !== null) return row;
      if (key.startsWith('uscc:')) return { kind: 'uscc', uscc: e.data.uscc, key: contractorListKey(entry.position), lastPosition: 0 };
      return {
        kind: 'contractor',
        uscc: e.data.uscc,
        name: e.data.name,
        contractorKind: e.data.kind,
        region: e.data.region ?? null,
        position: entry.position,
        recordedAt: entry.recordedAt,
        debarments: [],
        financialReports: [],
        lastPosition: 0,
      };
    case 'ContractorDebarred': {
      if (row?.kind !== 'contractor') return row;
      const { penaltyId, from, until } = e.data;
      return { ...row, debarments: [...row.debarments, { penaltyId, from, until, lifted: false }] };
    }
    case 'DebarmentLifted':
      if (row?.kind !== 'contractor') return row;
      return { ...row, debarments: row.debarments.map((d) => (d.penaltyId === e.data.penaltyId ? { ...d, lifted: true } : d)) };
    case 'FinancialReportFiled': {
      if (row?.kind !== 'contractor') return row;
      const { year, auditFirm, reportNumber, auditedOn } = e.data;
      return {
        ...row,
        financialReports: [...row.financialReports, { year, auditFirm, reportNumber, auditedOn, position: entry.position }],
      };
    }
    default:
      return row;
  }
}

const contractorOnly =
  <V>(of: (r: ContractorListRow) => V) =>
  (r: ContractorsRows): V | null =>
    r.kind === 'contractor' ? of(r) : null;

export const contractorsProjection: Projection<ContractorsRows> = {
  name: 'contractors',
  /** 2: financial reports (issue 15). */
  version: 2,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    uscc: { type: 'text', of: (r) => r.uscc },
    name_folded: { type: 'text', of: contractorOnly((r) => foldName(r.name)) },
    contractor_kind: { type: 'text', of: contractorOnly((r) => r.contractorKind) },
    region: { type: 'text', of: contractorOnly((r) => r.region) },
  },
  keysOf(entry, get) {
    const e = entry.event;
    switch (e.type) {
      case 'ContractorRegistered':
        // Registered once (the decider refuses a second registration); a repeat would change nothing.
        return get(usccKey(e.data.uscc)) === null ? [usccKey(e.data.uscc), contractorListKey(entry.position)] : [];
      case 'ContractorDebarred':
      case 'DebarmentLifted':
      case 'FinancialReportFiled': {
        const map = get(usccKey(e.data.uscc));
        return map?.kind === 'uscc' ? [map.key] : [];
      }
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
