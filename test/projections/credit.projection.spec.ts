import type { LedgerEvent } from '../../events';
import { creditRecords, CreditRecordRow, debarredOn } from '../../projections/credit_records/credit_records.projection';
import { dishonestyRecords, DishonestyRecordRow } from '../../projections/dishonesty_records/dishonesty_records.projection';
import { creditFeed, CreditFeedRow } from '../../projections/credit_feed/credit_feed.projection';
import { upcast } from '../../events/upcasting';
import { rowsOf } from './fixtures/lifecycle';

const U = '52220100MJ00000019';
/** Events as first written (v1), read as the runner reads them: upcast to the current shape (gaps null). */
const ev = (type: string, data: object, priv?: object): LedgerEvent =>
  upcast({ type, schemaVersion: 1, data, ...(priv ? { private: priv } : {}) });

/** Given: a contractor wins a contract (announced), is evaluated, violates, is penalised, the penalty is revoked. */
const HISTORY: LedgerEvent[] = [
  ev(
    'ContractorRegistered',
    { uscc: U, name: '阳光社工中心', kind: 'social_organization', region: '220100' },
    { internalNote: 'SENTINEL-NOTE' },
  ),
  ev('ContractSigned', {
    contractId: 'c1',
    projectId: 'p1',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: 'x', name: 'y' },
    category: 'service.care',
    contractorUscc: U,
    amount: 1000,
    signedAt: '2024-04-10',
    startDate: '2024-05-01',
    endDate: '2025-04-30',
    paymentSchedule: [],
    deliverables: 'd',
    liabilities: 'l',
    takeoverPlan: 't',
  }),
  ev('ContractAnnounced', { contractId: 'c1', announcedAt: '2024-04-11', url: 'https://ccgp.example/c1' }),
  ev('PerformanceEvaluated', { contractId: 'c1', evaluationId: 'e1', evaluator: 'purchaser', score: 80, evaluatedAt: '2024-10-10' }),
  ev('PerformanceEvaluated', {
    contractId: 'c1',
    evaluationId: 'e2',
    evaluator: 'third_party',
    score: 61,
    evaluatedAt: '2024-10-11',
    satisfactionRate: 0.5,
  }),
  ev('ViolationRecorded', {
    contractId: 'c1',
    contractorUscc: U,
    violationId: 'v1',
    kind: 'fraud',
    severity: 'serious',
    occurredAt: '2024-10-05',
    description: '伪造记录',
  }),
  ev('PenaltyImposed', {
    penaltyId: 'pen1',
    contractId: 'c1',
    projectId: 'p1',
    contractorUscc: U,
    violationIds: ['v1'],
    decidedAt: '2024-11-01',
    authority: '民政局',
    fine: 500,
    terminateContract: true,
    debarment: { from: '2024-11-01', until: '2027-10-31' },
    publishDishonestyRecord: true,
  }),
  ev('ContractTerminated', { contractId: 'c1', penaltyId: 'pen1', terminatedAt: '2024-11-01' }),
  ev('ContractorDebarred', {
    uscc: U,
    penaltyId: 'pen1',
    contractId: 'c1',
    from: '2024-11-01',
    until: '2027-10-31',
    decidedAt: '2024-11-01',
  }),
  ev('DishonestyRecordPublished', { uscc: U, penaltyId: 'pen1', contractId: 'c1', violationIds: ['v1'], publishedAt: '2024-11-01' }),
];
const REVOCATION: LedgerEvent[] = [
  ev('PenaltyRevoked', { penaltyId: 'pen1', contractId: 'c1', contractorUscc: U, decidedAt: '2025-01-15', reason: '复议撤销' }),
  ev('DebarmentLifted', { uscc: U, penaltyId: 'pen1', liftedAt: '2025-01-15', reason: '复议撤销' }),
  ev('DishonestyRecordWithdrawn', { uscc: U, penaltyId: 'pen1', withdrawnAt: '2025-01-15', reason: '复议撤销' }),
];

describe('credit_records projection', () => {
  it('records contracts, evaluations, violations, penalties, debarments and dishonesty records', () => {
    const row = rowsOf(creditRecords, HISTORY).get(`contractor:${U}`) as CreditRecordRow;
    expect(row).toMatchObject({
      uscc: U,
      name: '阳光社工中心',
      contractorKind: 'social_organization',
      contractsValue: 1000,
      averageScore: 70.5,
      position: 10,
      contracts: [{ contractId: 'c1', status: 'terminated', position: 2 }],
      evaluations: [
        { evaluationId: 'e1', score: 80 },
        { evaluationId: 'e2', score: 61, satisfactionRate: 0.5 },
      ],
      violations: [{ violationId: 'v1', severity: 'serious' }],
      penalties: [{ penaltyId: 'pen1', status: 'imposed', fine: 500 }],
      debarments: [{ penaltyId: 'pen1', from: '2024-11-01', until: '2027-10-31', lifted: false }],
      dishonestyRecords: [{ penaltyId: 'pen1', status: 'published', publishedAt: '2024-11-01' }],
    });
    expect(debarredOn(row, '2024-10-31')).toBe(false);
    expect(debarredOn(row, '2024-11-01')).toBe(true);
    expect(debarredOn(row, '2027-10-31')).toBe(true);
    expect(debarredOn(row, '2027-11-01')).toBe(false);
  });

  it('compensates on revocation: the debarment never counts, the record is withdrawn', () => {
    const row = rowsOf(creditRecords, [...HISTORY, ...REVOCATION]).get(`contractor:${U}`) as CreditRecordRow;
    expect(row.penalties[0]).toMatchObject({ status: 'revoked', revokedAt: '2025-01-15' });
    expect(row.debarments[0]).toMatchObject({ lifted: true, liftedAt: '2025-01-15' });
    expect(debarredOn(row, '2024-12-01')).toBe(false);
    expect(row.dishonestyRecords[0]).toMatchObject({ status: 'withdrawn', endedOn: '2025-01-15' });
  });

  it('marks records repaired by credit repair, and replays to identical rows', () => {
    const events = [...HISTORY, ev('CreditRepaired', { uscc: U, repairedAt: '2025-06-01', basis: 'b', penaltyIds: ['pen1'] })];
    const once = rowsOf(creditRecords, events);
    expect((once.get(`contractor:${U}`) as CreditRecordRow).dishonestyRecords[0]).toMatchObject({
      status: 'repaired',
      endedOn: '2025-06-01',
    });
    expect(rowsOf(creditRecords, events)).toEqual(once);
  });
});

describe('dishonesty_records projection', () => {
  it('keeps each record with its publication and its end', () => {
    const published = rowsOf(dishonestyRecords, HISTORY).get('record:pen1') as DishonestyRecordRow;
    expect(published).toEqual({
      kind: 'record',
      penaltyId: 'pen1',
      uscc: U,
      name: '阳光社工中心',
      contractId: 'c1',
      violationIds: ['v1'],
      // A v1 entry had no decision fields and no period: missing, never invented.
      decisionNumber: null,
      legalBasis: null,
      authority: null,
      severity: null,
      publishedAt: '2024-11-01',
      publishedFrom: '2024-11-01',
      publishedUntil: null,
      status: 'published',
      endedOn: null,
      history: [{ status: 'published', on: '2024-11-01', position: 10 }],
      position: 10,
      lastPosition: 10,
    });
    const withdrawn = rowsOf(dishonestyRecords, [...HISTORY, ...REVOCATION]).get('record:pen1') as DishonestyRecordRow;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', endedOn: '2025-01-15' });
    const repairedTwice = rowsOf(dishonestyRecords, [
      ...HISTORY,
      ...REVOCATION,
      ev('CreditRepaired', { uscc: U, repairedAt: '2025-06-01', basis: 'b', penaltyIds: ['pen1', 'nope'] }),
    ]);
    expect(repairedTwice.get('record:pen1')).toMatchObject({ status: 'withdrawn' });
    expect(repairedTwice.has('record:nope')).toBe(false);
    const repairedThenWithdrawn = rowsOf(dishonestyRecords, [
      ...HISTORY,
      ev('CreditRepaired', { uscc: U, repairedAt: '2025-01-10', basis: 'b', penaltyIds: ['pen1'] }),
      ...REVOCATION,
    ]);
    expect(repairedThenWithdrawn.get('record:pen1')).toMatchObject({ status: 'withdrawn', endedOn: '2025-01-10' });
  });
});

describe('credit_feed projection', () => {
  it('lists every credit-relevant entry in the order it became public, with its contractor and a public view', () => {
    const rows = [...rowsOf(creditFeed, [...HISTORY, ...REVOCATION]).entries()]
      .filter(([k]) => k.startsWith('feed:'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, r]) => r as CreditFeedRow);
    // The signing (2) is published by the announcement (3).
    expect(rows.map((r) => [r.position, r.publishedBy, r.type, r.uscc])).toEqual([
      [1, 1, 'ContractorRegistered', U],
      [2, 3, 'ContractSigned', U],
      [4, 4, 'PerformanceEvaluated', U],
      [5, 5, 'PerformanceEvaluated', U],
      [6, 6, 'ViolationRecorded', U],
      [7, 7, 'PenaltyImposed', U],
      [8, 8, 'ContractTerminated', U],
      [9, 9, 'ContractorDebarred', U],
      [10, 10, 'DishonestyRecordPublished', U],
      [11, 11, 'PenaltyRevoked', U],
      [12, 12, 'DebarmentLifted', U],
      [13, 13, 'DishonestyRecordWithdrawn', U],
    ]);
    // With its description: public, as issue 14 says the feed carries it.
    expect(rows[4].data).toEqual({
      contractId: 'c1',
      violationId: 'v1',
      kind: 'fraud',
      severity: 'serious',
      occurredAt: '2024-10-05',
      description: '伪造记录',
    });
  });

  it("never carries private parts; of free text, only a violation's public description", () => {
    const feed = JSON.stringify([...rowsOf(creditFeed, [...HISTORY, ...REVOCATION]).values()]);
    expect(JSON.stringify([...rowsOf(creditRecords, HISTORY).values()])).not.toContain('伪造记录');
    expect(feed).not.toContain('SENTINEL-NOTE');
    expect(feed).not.toContain('复议撤销'); // the revocation's reason
    expect(JSON.stringify(HISTORY)).toContain('SENTINEL-NOTE');
  });
});
