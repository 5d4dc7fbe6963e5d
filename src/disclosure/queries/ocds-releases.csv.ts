import { columnsCsv, csvHeader, joined, type CsvColumns, type CsvForm } from '../../http/csv';
import type { Release } from '../ocds/ocds';

/** One line per release, for an index of the feed: its ocid, id, date and tags (space-separated); the JSON is the release. */
const COLUMNS: CsvColumns<Release> = [
  ['ocid', (r) => r.ocid],
  ['id', (r) => r.id],
  ['date', (r) => r.date],
  ['tag', (r) => joined(r.tag)],
];
/** The CSV form of the list, for its OpenAPI document. */
export const RELEASES_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines: 'an index of the page, one line per release: ocid, id, date and tags (space-separated); the JSON holds the releases',
  keyset: true,
};

export const releasesCsv = (releases: readonly Release[]): string => columnsCsv(COLUMNS, releases);
