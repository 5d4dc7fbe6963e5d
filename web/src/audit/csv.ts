/**
 * CSV made in the browser, as the service's own CSV answers are (src/http/csv.ts): UTF-8 with a BOM so that
 * spreadsheet software opens Chinese correctly, CRLF, every cell quoted with inner quotes doubled, and a
 * cell that begins with = + - @ (or TAB, CR, their full-width forms) prefixed with an apostrophe so that it
 * is shown as text, never run as a formula (OWASP "CSV injection"). Pure: unit-tested without a browser.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvText(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
