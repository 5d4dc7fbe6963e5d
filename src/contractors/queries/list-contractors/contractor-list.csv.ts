import type { ContractorKind } from '../../../../events/common';
import type { FinancialReport } from '../../../../projections/contractors/contractors.projection';
import { columnsCsv, csvHeader, joined, type CsvColumns, type CsvForm } from '../../../http/csv';

/** An item of GET /v1/contractors. */
export interface ContractorListItem {
  readonly uscc: string;
  readonly name: string;
  readonly kind: ContractorKind;
  readonly region: string | null;
  readonly position: number;
  readonly recordedAt: string;
  readonly debarredOn: { readonly date: string; readonly debarred: boolean };
  readonly financialReports: readonly FinancialReport[];
}

/** One line per contractor, columns named by its JSON fields; the years of its filed financial reports space-separated. */
const COLUMNS: CsvColumns<ContractorListItem> = [
  ['uscc', (c) => c.uscc],
  ['name', (c) => c.name],
  ['kind', (c) => c.kind],
  ['region', (c) => c.region],
  ['position', (c) => c.position],
  ['recordedAt', (c) => c.recordedAt],
  ['debarredOn.date', (c) => c.debarredOn.date],
  ['debarredOn.debarred', (c) => c.debarredOn.debarred],
  ['financialReports.year', (c) => joined(c.financialReports.map((r) => r.year))],
];
/** The CSV form of the list, for its OpenAPI document. */
export const CONTRACTOR_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines: 'one line per contractor of the page, the years of its financial reports space-separated',
  keyset: true,
};

export const contractorListCsv = (items: readonly ContractorListItem[]): string => columnsCsv(COLUMNS, items);
