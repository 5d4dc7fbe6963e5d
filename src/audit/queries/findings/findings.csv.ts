import { columnsCsv, csvHeader, joined, type CsvColumns } from '../../../http/csv';
import type { Finding } from '../../domain/findings';

/** One line per finding, columns named by its JSON fields; the positions it rests on space-separated. */
const COLUMNS: CsvColumns<Finding> = [
  ['code', (f) => f.code],
  ['contractId', (f) => f.contractId ?? null],
  ['uscc', (f) => f.uscc ?? null],
  ['detail', (f) => f.detail],
  ['positions', (f) => joined(f.positions)],
];
export const FINDINGS_CSV_HEADER = csvHeader(COLUMNS);

export const findingsCsv = (findings: readonly Finding[]): string => columnsCsv(COLUMNS, findings);
