import { columnsCsv, csvHeader, joined, type CsvColumns } from '../../http/csv';
import type { Release } from '../ocds/ocds';

/** One line per release, for an index of the feed: its ocid, id, date and tags (space-separated); the JSON is the release. */
const COLUMNS: CsvColumns<Release> = [
  ['ocid', (r) => r.ocid],
  ['id', (r) => r.id],
  ['date', (r) => r.date],
  ['tag', (r) => joined(r.tag)],
];
export const RELEASES_CSV_HEADER = csvHeader(COLUMNS);

export const releasesCsv = (releases: readonly Release[]): string => columnsCsv(COLUMNS, releases);
