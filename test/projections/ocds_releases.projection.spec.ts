import {
  ocdsReleasesProjection,
  type OcdsContractRow,
  type OcdsReleaseRow,
} from '../../projections/ocds_releases/ocds_releases.projection';
import {
  COMPLETION_C2,
  ev,
  expectReplayable,
  P1_HISTORY,
  P2_UNANNOUNCED,
  REVOCATION,
  rowOf,
  rowsOf,
  SECRETS,
  UNDISCLOSED_TEXT,
} from './fixtures/lifecycle';

const releases = (rows: Map<string, object>): OcdsReleaseRow[] =>
  [...rows]
    .filter(([k]) => k.startsWith('release:'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, r]) => r as OcdsReleaseRow);
const summary = (r: OcdsReleaseRow): string => `${r.publishedAt}/${r.position} ${r.projectId} ${r.tag.join(',')}`;
const ANNOUNCE_C2 = ev('ContractAnnounced', { contractId: 'C2', announcedAt: '2024-12-20', url: 'https://ccgp-jilin.gov.cn/C2' });

describe('ocds_releases projection', () => {
  it('given project P1 through termination: one release per public event, tagged as OCDS says', () => {
    expect(releases(rowsOf(ocdsReleasesProjection, P1_HISTORY)).map(summary)).toEqual([
      '5/5 P1 planning',
      '7/7 P1 tender',
      '8/8 P1 award',
      '11/11 P1 contract',
      '12/12 P1 implementation',
      '13/13 P1 implementationUpdate',
      '14/14 P1 implementationUpdate',
      '16/16 P1 implementationUpdate',
      '17/17 P1 contractTermination',
    ]);
  });

  it('maps each event to its OCDS section: budget, tender method, supplier party, contract, transaction, metrics, performance failure', () => {
    const rows = rowsOf(ocdsReleasesProjection, P1_HISTORY);
    const at = (position: number): OcdsReleaseRow =>
      rowOf<OcdsReleaseRow>(rows, `release:${String(position).padStart(12, '0')}:${String(position).padStart(12, '0')}`);
    expect(at(5).body).toEqual({
      buyer: { id: 'CN-PURCHASER-220100-MZJ', name: '长春市民政局' },
      parties: [{ id: 'CN-PURCHASER-220100-MZJ', name: '长春市民政局', roles: ['buyer'] }],
      planning: {
        budget: {
          id: 'P1',
          description: '低保家庭家计调查',
          amount: { amount: 800_000, currency: 'CNY' },
          project: '低保家庭家计调查',
          projectID: 'P1',
        },
      },
    });
    expect(at(7).body.tender).toMatchObject({
      id: 'P1',
      title: '低保家庭家计调查',
      procurementMethod: 'selective',
      procurementMethodDetails: '竞争性磋商',
      value: { amount: 800_000, currency: 'CNY' },
    });
    expect(at(8).body).toMatchObject({
      parties: [{ id: `CN-USCI-52220100MJ00000019`, identifier: { scheme: 'CN-USCI', id: '52220100MJ00000019' }, roles: ['supplier'] }],
      awards: [
        { id: 'award-8', status: 'active', value: { amount: 750_000, currency: 'CNY' }, suppliers: [{ id: 'CN-USCI-52220100MJ00000019' }] },
      ],
    });
    expect(at(11).body).toEqual({
      contracts: [
        {
          id: 'C1',
          awardID: 'award-8',
          status: 'active',
          value: { amount: 750_000, currency: 'CNY' },
          dateSigned: '2024-04-10T00:00:00+08:00',
          period: { startDate: '2024-05-01T00:00:00+08:00', endDate: '2025-04-30T00:00:00+08:00' },
          documents: [
            {
              id: 'C1-notice',
              documentType: 'contractNotice',
              url: 'https://ccgp-jilin.gov.cn/C1',
              datePublished: '2024-04-11T00:00:00+08:00',
            },
          ],
        },
      ],
    });
    expect(at(12).body).toEqual({
      contracts: [
        {
          id: 'C1',
          awardID: 'award-8',
          implementation: {
            transactions: [
              {
                id: 'pay1',
                date: '2024-05-15T00:00:00+08:00',
                value: { amount: 375_000, currency: 'CNY' },
                payer: { id: 'CN-PURCHASER-220100-MZJ', name: '长春市民政局' },
                payee: { id: 'CN-USCI-52220100MJ00000019', name: '长春市阳光社会工作服务中心' },
              },
            ],
          },
        },
      ],
    });
    expect(at(14).body).toMatchObject({
      contracts: [
        {
          implementation: {
            metrics: [
              { id: 'performance-score', observations: [{ id: 'e2', measure: 81, dimensions: { evaluator: 'service_recipients' } }] },
              { id: 'satisfaction-rate', observations: [{ id: 'e2', measure: 0.9, dimensions: { evaluator: 'service_recipients' } }] },
            ],
          },
        },
      ],
    });
    expect(at(16).body).toMatchObject({
      contracts: [
        {
          implementation: {
            performanceFailures: [
              {
                id: 'pen1',
                category: 'subcontracting',
                events: 1,
                period: { startDate: '2024-10-20T00:00:00+08:00', endDate: '2024-10-20T00:00:00+08:00' },
              },
            ],
          },
        },
      ],
    });
    expect(
      String(
        (at(16).body.contracts as { implementation: { performanceFailures: { penaltyImposed: string }[] } }[])[0].implementation
          .performanceFailures[0].penaltyImposed,
      ),
    ).toBe('长春市民政局 2024-11-01; 罚款 10,000.00 元; 终止合同; 禁止参与 2024-11-01 至 2027-10-31; 列入失信记录');
    expect(at(17).body).toEqual({
      contracts: [{ id: 'C1', awardID: 'award-8', status: 'terminated', period: { endDate: '2024-11-01T00:00:00+08:00' } }],
    });
  });

  it("holds a contract's releases back until it is announced, then publishes them, each with its own date and id", () => {
    const before = rowsOf(ocdsReleasesProjection, [...P1_HISTORY, ...P2_UNANNOUNCED]);
    expect(
      releases(before)
        .filter((r) => r.projectId === 'P2')
        .map(summary),
    ).toEqual(['21/21 P2 planning', '23/23 P2 tender', '24/24 P2 award']);
    expect(rowOf<OcdsContractRow>(before, 'contract:C2')).toMatchObject({
      announced: false,
      pending: [{ position: 27, tag: ['implementation'] }],
    });
    const after = rowsOf(ocdsReleasesProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...COMPLETION_C2, ANNOUNCE_C2]);
    const p2 = releases(after).filter((r) => r.projectId === 'P2');
    expect(p2.map(summary)).toEqual([
      '21/21 P2 planning',
      '23/23 P2 tender',
      '24/24 P2 award',
      '29/27 P2 implementation',
      '29/28 P2 contractTermination',
      '29/29 P2 contract',
    ]);
    // The contract release carries its state at announcement: already closed.
    expect(p2[5].body.contracts).toEqual([expect.objectContaining({ id: 'C2', awardID: 'award-24', status: 'terminated' })]);
    expect(p2[3].date < p2[5].date).toBe(true);
    expect(rowOf<OcdsContractRow>(after, 'contract:C2')).toMatchObject({ announced: true, pending: [] });
  });

  it('a revocation amends the release that imposed the penalty', () => {
    const rows = releases(rowsOf(ocdsReleasesProjection, [...P1_HISTORY, ...REVOCATION]));
    const revocation = rows[rows.length - 1];
    expect(summary(revocation)).toBe('21/21 P1 implementationUpdate');
    expect(revocation.body).toEqual({
      contracts: [
        {
          id: 'C1',
          awardID: 'award-8',
          implementation: { performanceFailures: [{ id: 'pen1', penaltyImposed: '已撤销 (2025-01-15)' }] },
          amendments: [
            {
              id: 'revocation-pen1',
              date: '2025-01-15T00:00:00+08:00',
              description: '处罚 pen1 已于 2025-01-15 撤销',
              amendsReleaseID: 'ledger-16',
              releaseID: 'ledger-21',
            },
          ],
        },
      ],
    });
  });

  it('copies no private part and none of the free text the disclosure leaves out', () => {
    const text = JSON.stringify([
      ...rowsOf(ocdsReleasesProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...REVOCATION, ...COMPLETION_C2, ANNOUNCE_C2], {
        keepPrivate: true,
      }).values(),
    ]);
    for (const s of [...SECRETS, ...UNDISCLOSED_TEXT, 'C2-DELIVERABLES-UNANNOUNCED', 'C2-LIABILITIES']) expect(text).not.toContain(s);
  });

  it('replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    expectReplayable(ocdsReleasesProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...REVOCATION, ...COMPLETION_C2, ANNOUNCE_C2]);
  });
});
