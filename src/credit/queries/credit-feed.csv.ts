import type { CreditFeedRow } from '../../../projections/credit_feed/credit_feed.projection';
import { columnsCsv, csvHeader, jsonCell, type CsvColumns, type CsvForm } from '../../http/csv';

export type FeedItem = Omit<CreditFeedRow, 'kind'>;

/** One line per feed item, columns named by its JSON fields; its data (fields vary by type) as a JSON cell. */
const COLUMNS: CsvColumns<FeedItem> = [
  ['position', (i) => i.position],
  ['publishedBy', (i) => i.publishedBy],
  ['recordedAt', (i) => i.recordedAt],
  ['type', (i) => i.type],
  ['uscc', (i) => i.uscc],
  ['leafHash', (i) => i.leafHash],
  ['data', (i) => jsonCell(i.data)],
];
/** The CSV form of the list, for its OpenAPI document. */
export const CREDIT_FEED_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines: 'one line per item of the page, data as a JSON cell',
  keyset: true,
};

export const creditFeedCsv = (items: readonly FeedItem[]): string => columnsCsv(COLUMNS, items);
