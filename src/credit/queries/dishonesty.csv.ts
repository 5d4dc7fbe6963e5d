import type { DishonestyRecordRow } from '../../../projections/dishonesty_records/dishonesty_records.projection';
import { columnsCsv, csvHeader, joined, type CsvColumns, type CsvForm } from '../../http/csv';

/** A dishonesty list item (API.md): the record without the fold's bookkeeping and history. */
export type DishonestyItem = Omit<DishonestyRecordRow, 'kind' | 'lastPosition' | 'history'>;

/** One line per record in force, columns named by its JSON fields (the authority's as authority.name, authority.uscc). */
const COLUMNS: CsvColumns<DishonestyItem> = [
  ['penaltyId', (r) => r.penaltyId],
  ['uscc', (r) => r.uscc],
  ['name', (r) => r.name],
  ['contractId', (r) => r.contractId],
  ['violationIds', (r) => joined(r.violationIds)],
  ['decisionNumber', (r) => r.decisionNumber],
  ['legalBasis', (r) => r.legalBasis],
  ['authority.name', (r) => r.authority?.name ?? null],
  ['authority.uscc', (r) => r.authority?.uscc ?? null],
  ['severity', (r) => r.severity],
  ['publishedAt', (r) => r.publishedAt],
  ['publishedFrom', (r) => r.publishedFrom],
  ['publishedUntil', (r) => r.publishedUntil],
  ['status', (r) => r.status],
  ['endedOn', (r) => r.endedOn],
  ['position', (r) => r.position],
];
/** The CSV form of the list, for its OpenAPI document. */
export const DISHONESTY_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines: 'one line per record of the page, violationIds space-separated',
  keyset: true,
};

export const dishonestyCsv = (items: readonly DishonestyItem[]): string => columnsCsv(COLUMNS, items);
