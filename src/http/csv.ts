import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';

/** The media type of every CSV answer. */
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Whether the caller asked for CSV (`Accept: text/csv`); the same URL answers JSON otherwise (hence `Vary: Accept`). */
export const wantsCsv = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('text/csv');

/**
 * A CSV for spreadsheets, the one writer of every CSV answer: RFC 4180 with CRLF, UTF-8 with a BOM so that
 * spreadsheet software opens Chinese correctly, and a cell that begins with = + - @ (or TAB, CR, their
 * full-width forms) gets a leading apostrophe so that it is shown as text, never run as a formula (OWASP
 * "CSV injection"). csv-stringify does the quoting.
 */
export function spreadsheetCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([[...header], ...rows.map((r) => [...r])], { bom: true, escape_formulas: true, record_delimiter: 'windows' });
}
