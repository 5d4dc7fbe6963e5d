import { spreadsheetCsv } from '../../http/csv';
import { disclosureStatus, type DisclosureProjectRow } from '../../../projections/disclosure/disclosure.projection';

/**
 * One line per project, its columns named by the JSON field they come from. Only the disclosure row's fields, which
 * are the allow-listed public subset by construction; amounts in integer fen as in the JSON (no rounding to 元).
 */
const COLUMNS: readonly (readonly [string, (r: DisclosureProjectRow) => string | number | null])[] = [
  ['projectId', (r) => r.projectId],
  ['title', (r) => r.project.title],
  ['region', (r) => r.region],
  ['fiscalYear', (r) => r.fiscalYear],
  ['registeredOn', (r) => r.registeredOn],
  ['status', (r) => disclosureStatus(r)],
  ['category', (r) => r.project.category],
  ['budget', (r) => r.project.budget],
  ['purchaser.code', (r) => r.project.purchaser.code],
  ['purchaser.name', (r) => r.project.purchaser.name],
  ['tender.method', (r) => r.tender?.method ?? null],
  ['tender.publishedAt', (r) => r.tender?.publishedAt ?? null],
  ['tender.priceCeiling', (r) => r.tender?.priceCeiling ?? null],
  ['award.contractorUscc', (r) => r.award?.contractorUscc ?? null],
  ['award.contractorName', (r) => r.award?.contractorName ?? null],
  ['award.amount', (r) => r.award?.amount ?? null],
  ['award.awardedAt', (r) => r.award?.awardedAt ?? null],
  ['contractIds', (r) => r.contractIds.join(' ')],
  ['position', (r) => r.project.position],
];
export const PROJECT_CSV_HEADER: readonly string[] = COLUMNS.map(([name]) => name);

/** The list as CSV (src/http/csv.ts: BOM, CRLF, no formula runs). */
export function projectListCsv(rows: readonly DisclosureProjectRow[]): string {
  return spreadsheetCsv(
    PROJECT_CSV_HEADER,
    rows.map((r) => COLUMNS.map(([, of]) => of(r))),
  );
}
