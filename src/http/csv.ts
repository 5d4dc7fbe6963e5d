import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiProduces } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The media type of every CSV answer. */
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Whether the caller asked for CSV (`Accept: text/csv`); the same URL answers JSON otherwise (hence `Vary: Accept`). */
export const wantsCsv = (req: FastifyRequest): boolean => (req.headers.accept ?? '').includes('text/csv');

/**
 * A CSV for spreadsheets, the one writer of every CSV answer: RFC 4180 with CRLF, UTF-8 with a BOM so that
 * spreadsheet software opens Chinese correctly, and a cell that begins with = + - @ (or TAB, CR, their
 * full-width forms) gets a leading apostrophe so that it is shown as text, never run as a formula (OWASP
 * "CSV injection"). csv-stringify does the quoting. true and false are written so.
 */
export function spreadsheetCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([[...header], ...rows.map((r) => [...r])], {
    bom: true,
    escape_formulas: true,
    record_delimiter: 'windows',
    // As the JSON says them (csv-stringify's default is 1 and empty).
    cast: { boolean: (value) => String(value) },
  });
}

/** A CSV's columns: each named by the JSON field it comes from (a dotted path for a nested one), with its value. */
export type CsvColumns<T> = readonly (readonly [name: string, of: (row: T) => unknown])[];

export const csvHeader = <T>(columns: CsvColumns<T>): string[] => columns.map(([name]) => name);

/** Rows as CSV by their columns (spreadsheetCsv). */
export function columnsCsv<T>(columns: CsvColumns<T>, rows: readonly T[]): string {
  return spreadsheetCsv(
    csvHeader(columns),
    rows.map((r) => columns.map(([, of]) => of(r))),
  );
}

/** A list of values in one cell, space-separated (ids, positions, tags: none holds a space). */
export const joined = (values: readonly (string | number)[]): string => values.join(' ');

/** A JSON value in one cell, compact: the lossless form of a nested object whose fields vary (an event's data). */
export const jsonCell = (value: unknown): string => JSON.stringify(value);

/**
 * A list route's answer: the JSON, or with `Accept: text/csv` the same rows as CSV. One URL, two representations, so
 * `Vary: Accept`; a keyset page's next cursor also goes in `X-Next-Cursor`, the CSV's only place for it.
 */
export function jsonOrCsv<T>(req: FastifyRequest, res: FastifyReply, json: T, csv: () => string, nextCursor?: string): T | string {
  void res.header('Vary', 'Accept');
  if (nextCursor !== undefined) void res.header('X-Next-Cursor', nextCursor);
  if (!wantsCsv(req)) return json;
  void res.type(CSV_TYPE);
  return csv();
}

/** What the OpenAPI document says of a list's CSV form (src/http/openapi/reads-csv.ts writes it out). */
export interface CsvForm {
  readonly header: readonly string[];
  /** What a line is, and anything the CSV leaves out of the JSON. */
  readonly lines: string;
  /** Keyset pages: the next cursor is in X-Next-Cursor as well. */
  readonly keyset: boolean;
}

/** The OpenAPI extension that carries a list's CSV form from its route to the document. */
export const CSV_FORM = 'x-csv';

/** A list that also answers `Accept: text/csv` (jsonOrCsv), documented with its header row. */
export const ApiCsvForm = (form: CsvForm, ...otherTypes: string[]): MethodDecorator =>
  applyDecorators(ApiProduces('application/json', 'text/csv', ...otherTypes), ApiExtension(CSV_FORM, form));
