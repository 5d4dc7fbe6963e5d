import type { EntryEnvelope } from '../../../ledger/event-store.port';
import type { AuditorEntry } from '../../../ledger/auditor-entry';
import { columnsCsv, csvHeader, jsonCell, type CsvColumns, type CsvForm } from '../../../http/csv';

/**
 * One line per entry, an allow-list of its public envelope (what the leaf hash covers) and its leaf hash, the event's data as a JSON
 * cell (its fields vary by type). Never the private part, although auditors read it in the JSON: a spreadsheet file
 * travels beyond the key that fetched it, and personal data (recipients' names and id numbers) must not go with it.
 * privateDigest says which entries have one, privateErased which of those were erased (PIPL art. 47).
 */
type CsvEntry = EntryEnvelope & Pick<AuditorEntry, 'leafHash' | 'privateErased'>;
const COLUMNS: CsvColumns<CsvEntry> = [
  ['position', (e) => e.position],
  ['streamId', (e) => e.streamId],
  ['streamVersion', (e) => e.streamVersion],
  ['eventId', (e) => e.eventId],
  ['type', (e) => e.type],
  ['schemaVersion', (e) => e.schemaVersion],
  ['recordedAt', (e) => e.recordedAt],
  ['metadata.actor', (e) => e.metadata.actor],
  ['metadata.role', (e) => e.metadata.role],
  ['metadata.correlationId', (e) => e.metadata.correlationId],
  ['metadata.causationId', (e) => e.metadata.causationId],
  ['metadata.idempotencyKey', (e) => e.metadata.idempotencyKey ?? null],
  ['privateDigest', (e) => e.privateDigest ?? null],
  ['privateErased', (e) => e.privateErased ?? null],
  ['leafHash', (e) => e.leafHash],
  ['data', (e) => jsonCell(e.data)],
];
/** The CSV form of the list, for its OpenAPI document. */
export const LEDGER_EVENTS_CSV: CsvForm = {
  header: csvHeader(COLUMNS),
  lines:
    'one line per entry of the page: its public envelope, data as a JSON cell; never the private part (a file travels beyond the key that fetched it: auditors read private parts in the JSON)',
  keyset: true,
};

export const ledgerEventsCsv = (entries: readonly CsvEntry[]): string => columnsCsv(COLUMNS, entries);
