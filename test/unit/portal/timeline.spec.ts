import { expect } from '@jest/globals';
import { projectTimeline, type DisclosedContract } from '../../../src/portal/projects/timeline';
import type { DisclosedProject } from '../../../src/portal/views/disclosure-types';

const project: DisclosedProject = {
  projectId: 'P-1',
  region: '220100',
  fiscalYear: 2024,
  registeredOn: '2024-03-01',
  lastPosition: 40,
  status: 'contracted',
  project: {
    projectId: 'P-1',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: 'MZJ', name: '长春市民政局' },
    title: '家计调查',
    category: 'affairs.means_test',
    budget: 80_000_000,
    registeredOn: '2024-03-01',
    position: 3,
  },
  tender: {
    method: 'public_tender',
    publishedAt: '2024-03-10',
    content: 'c',
    term: 't',
    quantity: 'q',
    quality: 'q',
    priceCeiling: 80_000_000,
    qualifications: 'q',
    evaluationStandards: null,
    position: 4,
  },
  award: { contractorUscc: 'U', contractorName: 'N', amount: 1, awardedAt: '2024-04-01', position: 5 },
  contracts: [],
};

const contract = (over: Partial<DisclosedContract> = {}): DisclosedContract => ({
  contractId: 'C-1',
  projectId: 'P-1',
  region: '220100',
  fiscalYear: 2024,
  lastPosition: 40,
  terms: {
    paymentSchedule: [],
    purchaser: { code: 'MZJ', name: '长春市民政局' },
    category: 'affairs.means_test',
    contractorUscc: 'U',
    amount: 1,
    signedAt: '2024-04-10',
    startDate: '2024-05-01',
    endDate: '2025-04-30',
    position: 6,
  },
  announcement: { announcedAt: '2024-04-12', url: 'https://example.gov.cn/a', position: 7 },
  payments: { total: 300, count: 2, positions: [8, 9] },
  evaluations: [
    { evaluationId: 'e2', evaluator: 'third_party', score: 58, grade: 'fail', evaluatedAt: '2024-10-12', position: 11 },
    { evaluationId: 'e1', evaluator: 'purchaser', score: 92, grade: 'excellent', evaluatedAt: '2024-10-10', position: 12 },
  ],
  penalties: [
    {
      penaltyId: 'pen-1',
      violationIds: [],
      evaluationIds: ['e2'],
      decidedAt: '2024-11-01',
      rectificationDeadline: null,
      authority: '民政局',
      terminateContract: false,
      publishDishonestyRecord: true,
      status: 'revoked',
      revokedAt: '2025-01-05',
      revokedPosition: 20,
      position: 13,
    },
  ],
  dishonestyRecords: [
    {
      penaltyId: 'pen-1',
      uscc: 'U',
      publishedAt: '2024-11-01',
      publishedFrom: '2024-11-01',
      publishedUntil: '2025-10-31',
      status: 'withdrawn',
      endedAt: '2025-01-05',
      position: 14,
      statusPosition: 21,
    },
  ],
  outcome: { status: 'completed', at: '2025-04-30', position: 30 },
  ...over,
});

describe('projectTimeline: the public facts of a project page in date order', () => {
  it('lists registration, notice and award when no contract is announced', () => {
    expect(projectTimeline(project).map((f) => [f.kind, f.date, f.position])).toEqual([
      ['registered', '2024-03-01', 3],
      ['tender', '2024-03-10', 4],
      ['award', '2024-04-01', 5],
    ]);
  });

  it('puts every fact of an announced contract in date order, facts of one day in ledger order, payments after the announcement', () => {
    const facts = projectTimeline({ ...project, contracts: [contract()] });
    expect(facts.map((f) => [f.kind, f.date, f.position])).toEqual([
      ['registered', '2024-03-01', 3],
      ['tender', '2024-03-10', 4],
      ['award', '2024-04-01', 5],
      ['signed', '2024-04-10', 6],
      ['announced', '2024-04-12', 7],
      ['payments', '2024-04-12', 8],
      ['evaluated', '2024-10-10', 12],
      ['evaluated', '2024-10-12', 11],
      ['penalty', '2024-11-01', 13],
      ['dishonesty', '2024-11-01', 14],
      ['revoked', '2025-01-05', 20],
      ['withdrawn', '2025-01-05', 21],
      ['ended', '2025-04-30', 30],
    ]);
  });

  it('leaves out what has not happened: no payments, an imposed penalty, a record in force, an active contract', () => {
    const active = contract({
      payments: { total: 0, count: 0, positions: [] },
      penalties: [{ ...contract().penalties[0], status: 'imposed', revokedAt: undefined, revokedPosition: undefined }],
      dishonestyRecords: [{ ...contract().dishonestyRecords[0], status: 'published', endedAt: null, statusPosition: undefined }],
      outcome: { status: 'active', at: null, position: null },
    });
    const kinds = projectTimeline({ ...project, contracts: [active] }).map((f) => f.kind);
    expect(kinds).toEqual(['registered', 'tender', 'award', 'signed', 'announced', 'evaluated', 'evaluated', 'penalty', 'dishonesty']);
  });
});
