import { creditFeed, type CreditFeedRow } from '../../projections/credit_feed/credit_feed.projection';
import { creditRecords, type CreditRecordRow } from '../../projections/credit_records/credit_records.projection';
import { dishonestyRecords } from '../../projections/dishonesty_records/dishonesty_records.projection';
import { AUTHORITY, entriesOf, ev, expectReplayable, P1_HISTORY, replay, rowOf, rowsOf, U2 } from './fixtures/lifecycle';

/**
 * Sealed until announced on credit routes (issue 11): contract C3 of U2 is signed with sentinel terms,
 * evaluated, violated, penalised with termination and a dishonesty record, all before its announcement.
 */
const SEALED_AMOUNT = 17_654_321;
const TERMS = [
  'SEALED-SENTINEL-DELIVERABLES',
  'SEALED-SENTINEL-LIABILITIES',
  String(SEALED_AMOUNT),
  '2031-07-13',
  '2031-08-14',
  '2032-02-29',
  'SEALED-SENTINEL-PURCHASER',
  // A run of digits no fixture id or USCC holds, so a match can only be the sealed amount.
  '1357913',
  'SEALED-SENTINEL-TAKEOVER-PLAN',
];
const purchaser = { code: '220100-SEALED', name: 'SEALED-SENTINEL-PURCHASER' };

const SEALED_HISTORY = [
  ...P1_HISTORY,
  ev('ContractSigned', {
    contractId: 'C3',
    projectId: 'P3',
    region: '220100',
    fiscalYear: 2031,
    purchaser,
    category: 'service.care',
    contractorUscc: U2,
    amount: SEALED_AMOUNT,
    signedAt: '2031-07-13',
    startDate: '2031-08-14',
    endDate: '2032-02-29',
    paymentSchedule: [{ dueDate: '2031-09-01', amount: SEALED_AMOUNT }],
    deliverables: TERMS[0],
    liabilities: TERMS[1],
    takeoverPlan: 'SEALED-SENTINEL-TAKEOVER-PLAN',
  }),
  ev('PaymentMade', { contractId: 'C3', paymentId: 'pay3', amount: 1_357_913, paidAt: '2031-09-01', purpose: 'service_fee' }),
  ev('PerformanceEvaluated', {
    contractId: 'C3',
    evaluationId: 'e3',
    evaluator: 'third_party',
    score: 37,
    grade: 'fail',
    evaluatedAt: '2031-10-01',
  }),
  ev('ViolationRecorded', {
    contractId: 'C3',
    contractorUscc: U2,
    violationId: 'v3',
    kind: 'fraud',
    severity: 'serious',
    occurredAt: '2031-10-02',
    description: 'd',
  }),
  ev('PenaltyImposed', {
    penaltyId: 'pen3',
    contractId: 'C3',
    projectId: 'P3',
    contractorUscc: U2,
    violationIds: ['v3'],
    evaluationIds: [],
    rectificationDeadline: null,
    decidedAt: '2031-10-10',
    decisionNumber: '长民罚〔2031〕3号',
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    violationType: ['fraud'],
    severity: 'serious',
    facts: '虚报服务人次',
    penaltyCategories: ['fine', 'contract_termination'],
    content: '罚款5000元，解除合同',
    authority: AUTHORITY,
    dataSource: AUTHORITY,
    fine: 500_000,
    terminateContract: true,
    publishDishonestyRecord: true,
    publicationMonths: 36,
    publishedFrom: '2031-10-10',
    publishedUntil: '2034-10-09',
  }),
  ev('ContractTerminated', {
    contractId: 'C3',
    penaltyId: 'pen3',
    terminatedAt: '2031-10-10',
    paid: 1_357_913,
    unpaid: SEALED_AMOUNT - 1_357_913,
  }),
  ev('DishonestyRecordPublished', {
    uscc: U2,
    penaltyId: 'pen3',
    contractId: 'C3',
    violationIds: ['v3'],
    publishedAt: '2031-10-10',
    decisionNumber: '长民罚〔2031〕3号',
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    authority: AUTHORITY,
    severity: 'serious',
    publicationMonths: 36,
    publishedFrom: '2031-10-10',
    publishedUntil: '2034-10-09',
  }),
];
const ANNOUNCED = [
  ...SEALED_HISTORY,
  ev('ContractAnnounced', { contractId: 'C3', announcedAt: '2031-10-20', url: 'https://ccgp.example/C3' }),
];
const A = ANNOUNCED.length;

/** What the credit routes serve: contractor records, feed items, dishonesty records (never the contract link rows). */
const served = (rows: Map<string, object>): string => JSON.stringify([...rows].filter(([k]) => /^(contractor|feed|record):/.test(k)));
const feedOf = (rows: Map<string, object>): CreditFeedRow[] =>
  [...rows]
    .filter(([k]) => k.startsWith('feed:'))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, r]) => r as CreditFeedRow);

describe('credit read models: a contract is sealed until announced', () => {
  it('before the announcement: no term of the contract on any served row; the contractor and the misconduct are shown', () => {
    const records = rowsOf(creditRecords, SEALED_HISTORY);
    const feed = rowsOf(creditFeed, SEALED_HISTORY);
    const text = served(records) + served(feed) + served(rowsOf(dishonestyRecords, SEALED_HISTORY));
    for (const term of TERMS) expect(text).not.toContain(term);
    // The sentinels are in the events: the scan could fail.
    for (const term of TERMS) expect(JSON.stringify(SEALED_HISTORY)).toContain(term);

    const u2 = rowOf<CreditRecordRow>(records, `contractor:${U2}`);
    expect(u2).toMatchObject({
      name: '南关区助老服务社',
      contracts: [],
      contractsValue: 0,
      evaluations: [],
      averageScore: null,
      violations: [{ violationId: 'v3', contractId: 'C3', kind: 'fraud', severity: 'serious', occurredAt: '2031-10-02' }],
      penalties: [{ penaltyId: 'pen3', contractId: 'C3', fine: 500_000, terminateContract: true, status: 'imposed' }],
      dishonestyRecords: [{ penaltyId: 'pen3', status: 'published' }],
    });
    expect(
      feedOf(feed)
        .filter((r) => r.uscc === U2)
        .map((r) => r.type),
    ).toEqual(['ContractorRegistered', 'ViolationRecorded', 'PenaltyImposed', 'DishonestyRecordPublished']);
  });

  it('a held entry does not touch the record at all: not even its position moves', () => {
    const before = rowsOf(creditRecords, P1_HISTORY).get(`contractor:${U2}`);
    const signed = rowsOf(creditRecords, SEALED_HISTORY.slice(0, P1_HISTORY.length + 3)).get(`contractor:${U2}`);
    expect(signed).toEqual(before);
  });

  it('the announcement releases the contract, its evaluation and its end into the record', () => {
    const u2 = rowOf<CreditRecordRow>(rowsOf(creditRecords, ANNOUNCED), `contractor:${U2}`);
    expect(u2).toMatchObject({
      contracts: [
        {
          contractId: 'C3',
          projectId: 'P3',
          amount: SEALED_AMOUNT,
          signedAt: '2031-07-13',
          status: 'terminated',
          position: P1_HISTORY.length + 1,
        },
      ],
      contractsValue: SEALED_AMOUNT,
      evaluations: [{ evaluationId: 'e3', score: 37 }],
      averageScore: 37,
      position: A,
    });
  });

  it('the feed publishes what waited at the announcement, each item with its own position, after everything served before', () => {
    const before = feedOf(rowsOf(creditFeed, SEALED_HISTORY));
    const after = feedOf(rowsOf(creditFeed, ANNOUNCED));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => [r.type, r.position, r.publishedBy])).toEqual([
      ['ContractSigned', P1_HISTORY.length + 1, A],
      ['PerformanceEvaluated', P1_HISTORY.length + 3, A],
      ['ContractTerminated', P1_HISTORY.length + 6, A],
    ]);
    expect(after[before.length].data).toEqual({ contractId: 'C3', projectId: 'P3', amount: SEALED_AMOUNT, signedAt: '2031-07-13' });
    // The termination's money waited with the contract (issue 14: the feed carries terminations).
    expect(after.at(-1)!.data).toEqual({
      contractId: 'C3',
      penaltyId: 'pen3',
      terminatedAt: '2031-10-10',
      paid: 1_357_913,
      unpaid: SEALED_AMOUNT - 1_357_913,
    });
  });

  it("an announced contract's later entries are shown at once", () => {
    const later = [
      ...ANNOUNCED,
      ev('PerformanceEvaluated', {
        contractId: 'C3',
        evaluationId: 'e4',
        evaluator: 'purchaser',
        score: 91,
        grade: 'excellent',
        evaluatedAt: '2031-10-21',
      }),
    ];
    expect(rowOf<CreditRecordRow>(rowsOf(creditRecords, later), `contractor:${U2}`)).toMatchObject({ averageScore: 64, position: A + 1 });
    expect(feedOf(rowsOf(creditFeed, later)).at(-1)).toMatchObject({ type: 'PerformanceEvaluated', position: A + 1, publishedBy: A + 1 });
  });

  it('replays from 0, resumes from any checkpoint, and ignores an entry delivered twice (the announcement included)', () => {
    for (const p of [creditRecords, creditFeed, dishonestyRecords]) expectReplayable(p as never, ANNOUNCED);
    const entries = entriesOf(ANNOUNCED);
    const once = replay(creditFeed, entries);
    expect(replay(creditFeed, [entries[A - 1]], once)).toEqual(once);
  });
});
