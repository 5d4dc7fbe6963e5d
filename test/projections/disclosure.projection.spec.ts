import type { LedgerEvent } from '../../events';
import {
  disclosedContract,
  disclosureProjection,
  disclosureStatus,
  type DisclosedContractRow,
  type DisclosureProjectRow,
  type DisclosureRow,
} from '../../projections/disclosure/disclosure.projection';
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
  SECRETS,
  U1,
  UNDISCLOSED_TEXT,
} from './fixtures/lifecycle';

const rows = (events: readonly LedgerEvent[], keepPrivate = false): Map<string, DisclosureRow> =>
  rowsOf(disclosureProjection, events, { keepPrivate });
const ANNOUNCE_C2 = ev('ContractAnnounced', { contractId: 'C2', announcedAt: '2024-08-01', url: 'https://ccgp-jilin.gov.cn/C2' });

describe('disclosure projection', () => {
  it('given project P1 through its penalty: project, tender notice, award and the announced contract, each fact with its position', () => {
    const all = rows(P1_HISTORY);
    expect(rowOf<DisclosureProjectRow>(all, 'project:P1')).toEqual({
      kind: 'project',
      projectId: 'P1',
      region: '220100',
      fiscalYear: 2024,
      registeredOn: '2024-03-01',
      lastPosition: 11,
      project: {
        projectId: 'P1',
        region: '220100',
        fiscalYear: 2024,
        purchaser: { code: '220100-MZJ', name: '长春市民政局' },
        title: '低保家庭家计调查',
        category: 'affairs.means_test',
        budget: 80_000_000,
        registeredOn: '2024-03-01',
        position: 5,
      },
      tender: {
        method: 'competitive_consultation',
        publishedAt: '2024-03-10',
        content: '家计调查 3,000 户',
        term: '12 months',
        quantity: '3000 households',
        quality: '核对准确率 ≥ 98%',
        priceCeiling: 80_000_000,
        qualifications: '社会工作服务机构',
        evaluationStandards: '核对准确率 ≥ 98%，按季度评价',
        position: 7,
      },
      award: { contractorUscc: U1, contractorName: '长春市阳光社会工作服务中心', amount: 75_000_000, awardedAt: '2024-04-01', position: 8 },
      contractIds: ['C1'],
    });
    expect(rowOf<DisclosedContractRow>(all, 'contract:C1')).toEqual({
      kind: 'contract',
      contractId: 'C1',
      projectId: 'P1',
      region: '220100',
      fiscalYear: 2024,
      lastPosition: 20,
      terms: {
        purchaser: { code: '220100-MZJ', name: '长春市民政局' },
        category: 'affairs.means_test',
        contractorUscc: U1,
        amount: 75_000_000,
        signedAt: '2024-04-10',
        startDate: '2024-05-01',
        endDate: '2025-04-30',
        // The schedule the contract sets (issue 16: the project page shows payments' total and schedule).
        paymentSchedule: [
          { dueDate: '2024-05-15', amount: 37_500_000 },
          { dueDate: '2025-05-15', amount: 37_500_000 },
        ],
        position: 9,
      },
      announcement: { announcedAt: '2024-04-11', url: 'https://ccgp-jilin.gov.cn/C1', position: 11 },
      payments: { total: 37_500_000, count: 1, positions: [12] },
      evaluations: [
        { evaluationId: 'e1', evaluator: 'purchaser', score: 90, grade: 'excellent', evaluatedAt: '2024-10-10', position: 13 },
        {
          evaluationId: 'e2',
          evaluator: 'service_recipients',
          score: 81,
          grade: 'good',
          evaluatedAt: '2024-10-11',
          satisfactionRate: 0.9,
          position: 14,
        },
      ],
      penalties: [
        {
          penaltyId: 'pen1',
          violationIds: ['v1'],
          evaluationIds: [],
          rectificationDeadline: null,
          decidedAt: '2024-11-01',
          authority: '长春市民政局',
          fine: 1_000_000,
          terminateContract: true,
          debarment: { from: '2024-11-01', until: '2027-10-31' },
          publishDishonestyRecord: true,
          status: 'imposed',
          position: 16,
        },
      ],
      dishonestyRecords: [
        {
          penaltyId: 'pen1',
          uscc: U1,
          publishedAt: '2024-11-01',
          publishedFrom: '2024-11-01',
          publishedUntil: '2027-10-31',
          status: 'published',
          endedAt: null,
          position: 20,
        },
      ],
      outcome: { status: 'terminated', at: '2024-11-01', position: 17 },
    });
  });

  it('does not disclose a contract before it is announced, then shows what happened under it once it is', () => {
    const before = rows([...P1_HISTORY, ...P2_UNANNOUNCED]);
    expect(rowOf<DisclosureProjectRow>(before, 'project:P2')).toMatchObject({
      contractIds: [],
      award: { contractorName: '南关区助老服务社' },
    });
    const sealed = before.get('contract:C2') ?? null;
    expect(sealed).toMatchObject({ kind: 'sealed_contract', announcement: null });
    expect(disclosedContract(sealed)).toBeNull();
    expect([...before.values()].filter((r) => r.kind === 'contract').map((r) => r.contractId)).toEqual(['C1']);

    const after = rows([...P1_HISTORY, ...P2_UNANNOUNCED, ANNOUNCE_C2]);
    expect(rowOf<DisclosureProjectRow>(after, 'project:P2').contractIds).toEqual(['C2']);
    expect(disclosedContract(after.get('contract:C2') ?? null)).toMatchObject({
      kind: 'contract',
      announcement: { announcedAt: '2024-08-01', position: 28 },
      payments: { total: 5_000_000, count: 1, positions: [27] },
    });
  });

  it('shows a revoked penalty and its withdrawn dishonesty record', () => {
    const c1 = rowOf<DisclosedContractRow>(rows([...P1_HISTORY, ...REVOCATION]), 'contract:C1');
    expect(c1.penalties[0]).toMatchObject({ status: 'revoked', revokedAt: '2025-01-15', revokedPosition: 21 });
    expect(c1.dishonestyRecords[0]).toMatchObject({ status: 'withdrawn', endedAt: '2025-01-15', statusPosition: 23 });
  });

  it('drops a repaired record from the public view (repair ends publication), and a later revocation does not bring it back', () => {
    const repaired = rowOf<DisclosedContractRow>(rows([...P1_HISTORY, ...REPAIR]), 'contract:C1');
    expect(repaired.dishonestyRecords).toEqual([]);
    expect(repaired.penalties).toMatchObject([{ penaltyId: 'pen1', status: 'imposed' }]);
    const laterRevocation = [
      ev('PenaltyRevoked', { penaltyId: 'pen1', contractId: 'C1', contractorUscc: U1, decidedAt: '2025-09-01', reason: 'r' }),
      ev('DishonestyRecordWithdrawn', { uscc: U1, penaltyId: 'pen1', withdrawnAt: '2025-09-01', reason: 'r' }),
    ];
    const both = rowOf<DisclosedContractRow>(rows([...P1_HISTORY, ...REPAIR, ...laterRevocation]), 'contract:C1');
    expect(both.dishonestyRecords).toEqual([]);
    expect(both.penalties).toMatchObject([{ penaltyId: 'pen1', status: 'revoked' }]);
  });

  it('redacts by construction: no private part, no free text outside the allow-list, even when handed the private parts', () => {
    const events = [...P1_HISTORY, ...P2_UNANNOUNCED, ANNOUNCE_C2, ...REVOCATION, ...COMPLETION_C2];
    const text = JSON.stringify([...rows(events, true).values()]);
    for (const s of [
      ...SECRETS,
      ...UNDISCLOSED_TEXT,
      'C2-DELIVERABLES-UNANNOUNCED',
      '"policyId"',
      '"internalNote"',
      '"recipients"',
      '"private"',
    ]) {
      expect(text).not.toContain(s);
    }
  });

  it('declares its columns for the routes', () => {
    const all = rows([...P1_HISTORY, ...P2_UNANNOUNCED]);
    const columns = (key: string): object =>
      Object.fromEntries(Object.entries(disclosureProjection.columns).map(([n, c]) => [n, c.of(all.get(key)!)]));
    expect(columns('project:P1')).toEqual({
      kind: 'project',
      project_id: 'P1',
      region: '220100',
      fiscal_year: 2024,
      registered_on: '2024-03-01',
      announced_at: null,
      search: '低保家庭家计调查\n长春市民政局\n长春市阳光社会工作服务中心',
      category: 'affairs.means_test',
      contractor_uscc: U1,
      method: 'competitive_consultation',
      status: 'contracted',
      amount: 80_000_000,
    });
    // P2's contract is signed but not announced: the public status stays 'awarded'.
    expect(columns('project:P2')).toMatchObject({ status: 'awarded', contractor_uscc: '91220100MA00000028', method: 'self_organized' });
    expect(columns('contract:C1')).toMatchObject({ kind: 'contract', announced_at: '2024-04-11' });
    expect(columns('contract:C2')).toMatchObject({ kind: 'sealed_contract', announced_at: null });
    expect(columns('penalty:pen1')).toEqual({
      kind: 'penalty_map',
      project_id: null,
      region: null,
      fiscal_year: null,
      registered_on: null,
      announced_at: null,
      search: null,
      category: null,
      contractor_uscc: null,
      method: null,
      status: null,
      amount: null,
    });
  });

  it('gives a project the status the public can see: registered, tendered, awarded, contracted once a contract is announced', () => {
    const statusAfter = (n: number): string =>
      disclosureStatus(rowOf<DisclosureProjectRow>(rows(P2_UNANNOUNCED.slice(0, n)), 'project:P2'));
    const at = (type: string): number => P2_UNANNOUNCED.findIndex((e) => e.type === type) + 1;
    expect([
      statusAfter(at('ProjectRegistered')),
      statusAfter(at('TenderPublished')),
      statusAfter(at('ContractorAwarded')),
      statusAfter(P2_UNANNOUNCED.length),
    ]).toEqual(['registered', 'tendered', 'awarded', 'awarded']);
    expect(disclosureStatus(rowOf<DisclosureProjectRow>(rows([...P2_UNANNOUNCED, ANNOUNCE_C2]), 'project:P2'))).toBe('contracted');
  });

  it('replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    expectReplayable(disclosureProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ANNOUNCE_C2, ...REPAIR, ...REVOCATION, ...COMPLETION_C2]);
  });
});
