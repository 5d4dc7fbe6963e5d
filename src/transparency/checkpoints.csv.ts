import type { StoredCheckpoint } from '../ledger/event-store.port';
import { columnsCsv, csvHeader, type CsvColumns, type CsvForm } from '../http/csv';

/**
 * One line per checkpoint: the tree it signs (its note's origin, size and root hash lines) and the whole signed note,
 * the JSON item, which a verifier checks as is.
 */
const COLUMNS: CsvColumns<StoredCheckpoint> = [
  ['origin', (c) => c.note.split('\n')[0]],
  ['treeSize', (c) => c.size],
  ['rootHash', (c) => c.root.toString('base64')],
  ['note', (c) => c.note],
];
/** The CSV form of the list, for its OpenAPI document. */
export const CHECKPOINTS_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines: 'one line per checkpoint of the page: origin, tree size and root hash of its note, and the signed note',
  keyset: true,
};

export const checkpointsCsv = (checkpoints: readonly StoredCheckpoint[]): string => columnsCsv(COLUMNS, checkpoints);
