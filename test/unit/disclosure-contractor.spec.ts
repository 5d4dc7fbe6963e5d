import { expect } from '@jest/globals';
import type { DisclosedContractRow, DisclosureProjectRow } from '../../projections/disclosure/disclosure.projection';
import { contractorView } from '../../src/disclosure/queries/contractor-view';
import { unknownParameters } from '../../src/http/params';

const registry = { uscc: 'U1', name: '阳光社工', kind: 'social_organization', region: '220100' } as const;

const projectRow = (projectId: string, contractorUscc: string): DisclosureProjectRow => ({
  kind: 'project',
  projectId,
  region: '220100',
  fiscalYear: 2024,
  registeredOn: '2024-03-01',
  lastPosition: 9,
  project: {
    projectId,
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: 'MZJ', name: '民政局' },
    title: `项目 ${projectId}`,
    category: 'service.care',
    budget: 100,
    registeredOn: '2024-03-01',
    position: 1,
  },
  tender: null,
  award: { contractorUscc, contractorName: 'x', amount: 90, awardedAt: '2024-04-01', position: 2 },
  contractIds: [],
});

const contractRow = (contractId: string, contractorUscc: string, signedAt: string, position: number): DisclosedContractRow => ({
  kind: 'contract',
  contractId,
  projectId: 'P1',
  region: '220100',
  fiscalYear: 2024,
  lastPosition: position,
  terms: {
    paymentSchedule: [],
    purchaser: { code: 'MZJ', name: '民政局' },
    category: 'service.care',
    contractorUscc,
    amount: 90,
    signedAt,
    startDate: signedAt,
    endDate: '2025-01-01',
    position,
  },
  announcement: { announcedAt: signedAt, url: 'https://example.gov.cn', position: position + 1 },
  payments: { total: 0, count: 0, positions: [] },
  evaluations: [
    { evaluationId: `${contractId}-e`, evaluator: 'purchaser', score: 80, grade: 'good', evaluatedAt: signedAt, position: position + 2 },
  ],
  penalties: [
    {
      penaltyId: `${contractId}-pen`,
      violationIds: [],
      evaluationIds: [],
      decidedAt: signedAt,
      rectificationDeadline: null,
      authority: '民政局',
      terminateContract: false,
      publishDishonestyRecord: true,
      status: 'imposed',
      position: position + 3,
    },
  ],
  dishonestyRecords: [],
  outcome: { status: 'active', at: null, position: null },
});

describe('contractorView: a contractor as the public sees it', () => {
  it('takes only its own awards and contracts, oldest history first, each penalty with its decision number or null', () => {
    const view = contractorView(
      registry,
      [projectRow('P1', 'U1'), projectRow('P2', 'OTHER')],
      2,
      [
        contractRow('C-late', 'U1', '2024-09-01', 20),
        contractRow('C-other', 'OTHER', '2024-05-01', 30),
        contractRow('C-early', 'U1', '2024-05-01', 10),
      ],
      new Map([['C-early-pen', '民罚〔2024〕1号']]),
    );
    expect(view.awards.map((a) => a.projectId)).toEqual(['P1']);
    expect(view.contracts.map((c) => c.contractId)).toEqual(['C-early', 'C-late']);
    expect(view.evaluations.map((e) => e.evaluationId)).toEqual(['C-early-e', 'C-late-e']);
    expect(view.penalties.map((p) => [p.penaltyId, p.decisionNumber, p.contractId])).toEqual([
      ['C-early-pen', '民罚〔2024〕1号', 'C-early'],
      ['C-late-pen', null, 'C-late'],
    ]);
    expect(view).toMatchObject({ uscc: 'U1', name: '阳光社工', kind: 'social_organization', region: '220100', awardsTotal: 2 });
  });
});

describe('unknownParameters', () => {
  it('names each parameter the route does not take, in the words of the project list', () => {
    expect(unknownParameters({ minPosition: '3' }, ['minPosition'])).toEqual([]);
    expect(unknownParameters({ colour: 'red', minPosition: '3', tab: ['a', 'b'] }, ['minPosition'])).toEqual([
      { path: 'query.colour', message: 'is not a parameter of this route (it takes minPosition)' },
      { path: 'query.tab', message: 'is not a parameter of this route (it takes minPosition)' },
    ]);
  });
});
