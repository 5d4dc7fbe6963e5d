import { describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { spreadsheetCsv } from '../../../src/http/csv';
import { csvCell, csvText } from '../../../web/src/audit/csv';

/** The auditor console's CSV (made in the browser) reads exactly as the service's own CSV answers do. */
describe("the console's CSV of findings (web/src/audit/csv.ts)", () => {
  const header = ['code', 'detail', 'positions'];
  const rows = [
    ['LATE_ANNOUNCEMENT', 'contract "C-1", signed\r\nlate', '7 14'],
    ['X', '=HYPERLINK("http://evil")', '+1'],
    ['Y', '-2', '@SUM(A1)'],
    ['Z', '＝1＋1', '\tTAB'],
    ['W', '', null],
  ];

  it('starts with a UTF-8 BOM, ends rows with CRLF and quotes every cell, doubling inner quotes', () => {
    const text = csvText(header, rows);
    expect(text.startsWith('\uFEFF"code","detail","positions"\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(2024)).toBe('"2024"');
    expect(csvCell(undefined)).toBe('""');
  });

  it('shows a cell that a spreadsheet would run as a formula as text, with a leading apostrophe', () => {
    const parsed = parse(csvText(header, rows).slice(1));
    expect(parsed.slice(2).map((r) => r.slice(1))).toEqual([
      ['\'=HYPERLINK("http://evil")', "'+1"],
      ["'-2", "'@SUM(A1)"],
      ["'＝1＋1", "'\tTAB"],
      ['', ''],
    ]);
  });

  it('parses to the same cells as the service CSV of the same rows (src/http/csv.ts)', () => {
    const ours = parse(csvText(header, rows).slice(1));
    const service = parse(spreadsheetCsv(header, rows).slice(1));
    expect(ours).toEqual(service);
  });
});
