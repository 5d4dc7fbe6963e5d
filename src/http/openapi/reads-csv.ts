import type { ResponseObject } from '@nestjs/swagger';
import { CSV_FORM, type CsvForm } from '../csv';

/**
 * The 200 answer of a list with its CSV form (issue 16: "the API lists answer Accept: text/csv too") beside the JSON:
 * the same query, the same rows. The route says its header row (ApiCsvForm); the project list and the 双公示 list
 * document theirs in place.
 */
export function withCsvForm(op: object, ok: ResponseObject | undefined): ResponseObject | undefined {
  const list = (op as Record<string, CsvForm | undefined>)[CSV_FORM];
  if (list === undefined || ok === undefined) return ok;
  return {
    ...ok,
    description: `${ok.description}; with Accept: text/csv the same rows as CSV`,
    headers: {
      ...ok.headers,
      Vary: { description: 'Accept: the JSON and the CSV are two representations of one URL', schema: { type: 'string' } },
      ...(list.keyset
        ? {
            'X-Next-Cursor': {
              description: 'the nextCursor of this page (the CSV form has no other place for it)',
              schema: { type: 'string' },
            },
          }
        : {}),
    },
    content: {
      ...ok.content,
      'text/csv': {
        schema: {
          type: 'string',
          description: `RFC 4180, CRLF, UTF-8 with a BOM, ${list.lines}; columns named by their JSON field (nested: dotted), money in integer fen; a cell beginning with = + - @ TAB CR gets a leading ' (formula injection guard)`,
          example: `\uFEFF${list.header.join(',')}\r\n`,
        },
      },
    },
  };
}
