import { columnsCsv, csvHeader, joined, type CsvColumns, type CsvForm } from '../../../http/csv';
import type { Finding } from '../../domain/findings';

/** One line per finding, columns named by its JSON fields; the positions it rests on space-separated. */
const COLUMNS: CsvColumns<Finding> = [
  ['code', (f) => f.code],
  ['contractId', (f) => f.contractId ?? null],
  ['uscc', (f) => f.uscc ?? null],
  ['detail', (f) => f.detail],
  ['positions', (f) => joined(f.positions)],
];
/** The CSV form of the list, for its OpenAPI document. */
export const FINDINGS_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines: 'one line per finding, its positions space-separated',
  keyset: false,
};

export const findingsCsv = (findings: readonly Finding[]): string => columnsCsv(COLUMNS, findings);
