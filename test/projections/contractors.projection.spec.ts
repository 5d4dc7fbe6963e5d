import {
  contractorsProjection,
  foldName,
  type ContractorListRow,
  type ContractorsRows,
} from '../../projections/contractors/contractors.projection';
import { debarredOn } from '../../projections/credit_records/credit_records.projection';
import {
  COMPLETION_C2,
  ev,
  expectReplayable,
  P1_HISTORY,
  P2_UNANNOUNCED,
  REPAIR,
  REVOCATION,
  rowOf,
  rowsOf,
  U1,
  U2,
} from './fixtures/lifecycle';

const HISTORY = [...P1_HISTORY, ...P2_UNANNOUNCED, ...REPAIR, ...COMPLETION_C2];

describe('contractors projection', () => {
  it('given two registrations: a row each, keyed by registration position, and a uscc map row each', () => {
    const rows = rowsOf(contractorsProjection, HISTORY);
    expect([...rows.keys()].sort()).toEqual(['contractor:000000000003', 'contractor:000000000004', `uscc:${U1}`, `uscc:${U2}`]);
    expect(rowOf<ContractorListRow>(rows, 'contractor:000000000004')).toEqual({
      kind: 'contractor',
      uscc: U2,
      name: '南关区助老服务社',
      contractorKind: 'enterprise',
      region: null,
      position: 4,
      recordedAt: '2024-01-01T00:00:03.000Z',
      debarments: [],
      financialReports: [],
      lastPosition: 4,
    });
    expect(rowOf(rows, `uscc:${U1}`)).toEqual({ kind: 'uscc', uscc: U1, key: 'contractor:000000000003', lastPosition: 3 });
  });

  it('when the penalty debars U1: its row keeps the period, and debarredOn answers from it by date', () => {
    const row = rowOf<ContractorListRow>(rowsOf(contractorsProjection, HISTORY), 'contractor:000000000003');
    expect(row).toMatchObject({
      uscc: U1,
      region: '220100',
      debarments: [{ penaltyId: 'pen1', from: '2024-11-01', until: '2027-10-31', lifted: false }],
    });
    expect(['2024-10-31', '2024-11-01', '2027-10-31', '2027-11-01'].map((d) => debarredOn(row, d))).toEqual([false, true, true, false]);
  });

  it('when the penalty is revoked: the debarment is lifted and never counts', () => {
    const row = rowOf<ContractorListRow>(rowsOf(contractorsProjection, [...HISTORY, ...REVOCATION]), 'contractor:000000000003');
    expect(row.debarments).toEqual([{ penaltyId: 'pen1', from: '2024-11-01', until: '2027-10-31', lifted: true }]);
    expect(debarredOn(row, '2025-06-01')).toBe(false);
  });

  it('a debarment of a contractor never registered changes nothing; a second registration of a code changes nothing', () => {
    const stray = ev('ContractorDebarred', {
      uscc: '91110000MA00000000',
      penaltyId: 'px',
      contractId: 'Cx',
      from: '2024-01-01',
      until: '2024-12-31',
      decidedAt: '2024-01-01',
      grounds: 'serious_violation',
    });
    const again = ev('ContractorRegistered', { uscc: U1, name: '改名', kind: 'enterprise', region: '150000' });
    const rows = rowsOf(contractorsProjection, [...HISTORY, stray, again]);
    expect(rows.size).toBe(4);
    expect(rowOf<ContractorListRow>(rows, 'contractor:000000000003')).toMatchObject({
      name: '长春市阳光社会工作服务中心',
      region: '220100',
    });
  });

  it('stores the folded name, the uscc, kind and region as columns; map rows have only kind and uscc', () => {
    const rows = rowsOf<ContractorsRows>(contractorsProjection, HISTORY);
    const columns = (key: string): Record<string, unknown> =>
      Object.fromEntries(Object.entries(contractorsProjection.columns).map(([c, d]) => [c, d.of(rows.get(key)!)]));
    expect(columns('contractor:000000000003')).toEqual({
      kind: 'contractor',
      uscc: U1,
      name_folded: '长春市阳光社会工作服务中心',
      contractor_kind: 'social_organization',
      region: '220100',
    });
    expect(columns(`uscc:${U2}`)).toEqual({ kind: 'uscc', uscc: U2, name_folded: null, contractor_kind: null, region: null });
    expect(foldName('Ｓunshine 阳光 SOCIAL')).toBe('sunshine 阳光 social');
  });

  it('replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    expectReplayable(contractorsProjection, [...HISTORY, ...REVOCATION]);
  });
});
