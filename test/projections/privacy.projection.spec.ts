import type { Projection } from '../../projections/projection';
import { PROJECTIONS } from '../../projections';
import { creditFeed } from '../../projections/credit_feed/credit_feed.projection';
import { creditXzcf } from '../../projections/credit_xzcf/credit_xzcf.projection';
import { creditRecords } from '../../projections/credit_records/credit_records.projection';
import { disclosureProjection } from '../../projections/disclosure/disclosure.projection';
import { dishonestyRecords } from '../../projections/dishonesty_records/dishonesty_records.projection';
import { ocdsReleasesProjection } from '../../projections/ocds_releases/ocds_releases.projection';
import { contractorsProjection } from '../../projections/contractors/contractors.projection';
import { COMPLETION_C2, entriesOf, ev, P1_HISTORY, P2_UNANNOUNCED, REPAIR, REVOCATION, rowsOf, SECRETS } from './fixtures/lifecycle';

/** Every event type with a private part, on top of the lifecycle's own (recipients, internal notes). */
const HISTORY = [
  ...P1_HISTORY,
  ...P2_UNANNOUNCED,
  ev(
    'ContractAnnounced',
    { contractId: 'C2', announcedAt: '2024-08-01', url: 'https://ccgp-jilin.gov.cn/C2' },
    { internalNote: 'NOTE-SECRET-1' },
  ),
  ...REPAIR.map((e) => ({ ...e, private: { internalNote: 'NOTE-SECRET-2' } })),
  ...REVOCATION.map((e) => ({
    ...e,
    private: {
      internalNote: 'NOTE-SECRET-3',
      recipients: [{ name: '王秘密', idNumber: '220102199001011234', needs: '独居老人需每日照料' }],
    },
  })),
  ...COMPLETION_C2,
];

const PUBLIC_OR_CREDIT: [string, Projection<object>][] = [
  ['disclosure', disclosureProjection],
  ['credit_feed', creditFeed],
  ['credit_records', creditRecords],
  ['dishonesty_records', dishonestyRecords],
  ['ocds_releases', ocdsReleasesProjection],
  ['contractors', contractorsProjection],
  ['credit_xzcf', creditXzcf],
];

describe('no private data in public and credit read models', () => {
  it('the harness hands projections entries without the private part, as the runner does', () => {
    expect(HISTORY.some((e) => e.private !== undefined)).toBe(true);
    expect(entriesOf(HISTORY).every((e) => !('private' in e.event))).toBe(true);
  });

  it.each(PUBLIC_OR_CREDIT)(
    '%s: no row holds a string of any private part, even if a projection were handed the private parts',
    (_name, projection) => {
      for (const keepPrivate of [false, true]) {
        const text = JSON.stringify([...rowsOf(projection, HISTORY, { keepPrivate }).entries()]);
        for (const secret of SECRETS) expect(text).not.toContain(secret);
        expect(text).not.toContain('"private"');
      }
    },
  );

  it('every registered projection has a kind column, a valid name, and folds the whole history', () => {
    expect(PROJECTIONS.map((p) => p.name)).toEqual([
      'credit_records',
      'dishonesty_records',
      'credit_feed',
      'credit_xzcf',
      'budgets',
      'contracts',
      'disclosure',
      'project_index',
      'ocds_releases',
      'contractors',
    ]);
    for (const p of PROJECTIONS) {
      expect(p.name).toMatch(/^[a-z_]+$/);
      expect(() => rowsOf(p, HISTORY)).not.toThrow();
    }
    for (const p of PROJECTIONS.filter((x) => !['dishonesty_records'].includes(x.name))) expect(p.columns.kind?.type).toBe('text');
  });
});
