import type { ResponseObject } from '@nestjs/swagger';
import { FINDINGS_CSV_HEADER } from '../../audit/queries/findings/findings.csv';
import { LEDGER_EVENTS_CSV_HEADER } from '../../audit/queries/ledger-events/ledger-events.csv';
import { CONTRACTOR_CSV_HEADER } from '../../contractors/queries/list-contractors/contractor-list.csv';
import { CREDIT_FEED_CSV_HEADER } from '../../credit/queries/credit-feed.csv';
import { DISHONESTY_CSV_HEADER } from '../../credit/queries/dishonesty.csv';
import { RELEASES_CSV_HEADER } from '../../disclosure/queries/ocds-releases.csv';
import { CHECKPOINTS_CSV_HEADER } from '../../transparency/checkpoints.csv';

interface CsvList {
  readonly header: readonly string[];
  /** What a line is, and anything the CSV leaves out of the JSON. */
  readonly lines: string;
  /** Keyset pages: the next cursor is in X-Next-Cursor as well. */
  readonly keyset: boolean;
}

/**
 * The lists that also answer `Accept: text/csv` (issue 16: "the API lists answer Accept: text/csv too"), with their
 * header rows, taken from the modules that write them. The project list and the 双公示 list document theirs in place.
 */
const CSV_LISTS: Record<string, CsvList> = {
  'get /v1/audit/findings': { header: FINDINGS_CSV_HEADER, lines: 'one line per finding, its positions space-separated', keyset: false },
  'get /v1/credit/dishonesty': {
    header: DISHONESTY_CSV_HEADER,
    lines: 'one line per record of the page, violationIds space-separated',
    keyset: true,
  },
  'get /v1/contractors': {
    header: CONTRACTOR_CSV_HEADER,
    lines: 'one line per contractor of the page, the years of its financial reports space-separated',
    keyset: true,
  },
  'get /v1/ledger/events': {
    header: LEDGER_EVENTS_CSV_HEADER,
    lines:
      'one line per entry of the page: its public envelope, data as a JSON cell; never the private part (a file travels beyond the key that fetched it: auditors read private parts in the JSON)',
    keyset: true,
  },
  'get /v1/credit/feed': { header: CREDIT_FEED_CSV_HEADER, lines: 'one line per item of the page, data as a JSON cell', keyset: true },
  'get /v1/ledger/checkpoints': {
    header: CHECKPOINTS_CSV_HEADER,
    lines: 'one line per checkpoint of the page: origin, tree size and root hash of its note, and the signed note',
    keyset: true,
  },
  'get /v1/disclosure/ocds/releases': {
    header: RELEASES_CSV_HEADER,
    lines: 'an index of the page, one line per release: ocid, id, date and tags (space-separated); the JSON holds the releases',
    keyset: true,
  },
};

/** The 200 answer of a list with its CSV form added beside the JSON (the same query, the same rows). */
export function withCsvForm(operation: string, ok: ResponseObject | undefined): ResponseObject | undefined {
  const list = CSV_LISTS[operation];
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
