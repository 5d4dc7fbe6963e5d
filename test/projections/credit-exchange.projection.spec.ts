import type { LedgerEvent, PenaltyImposedData } from '../../events';
import { creditFeed, type CreditFeedRow } from '../../projections/credit_feed/credit_feed.projection';
import { creditXzcf, type XzcfRow } from '../../projections/credit_xzcf/credit_xzcf.projection';
import { ev, expectReplayable, rowsOf, SECRETS, U1 } from './fixtures/lifecycle';

/**
 * Issue 14: what a credit platform reads. The xzcf rows (one per published penalty, moved to the end
 * by each change) and the credit feed's new items, folded from a history with a serious penalty that
 * is revoked, a general one whose publication ends, one repaired, a minor one and a v1 entry.
 */

const AUTHORITY = { name: '长春市民政局', uscc: '112201000135442479' };
const contract = (contractId: string): LedgerEvent =>
  ev('ContractSigned', {
    contractId,
    projectId: 'P1',
    region: '220100',
    fiscalYear: 2026,
    purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    category: 'service.care',
    contractorUscc: U1,
    amount: 10_000_000,
    signedAt: '2026-04-10',
    startDate: '2026-05-01',
    endDate: '2027-04-30',
    paymentSchedule: [{ dueDate: '2026-05-15', amount: 10_000_000 }],
    deliverables: 'DELIVERABLES-SEALED',
    liabilities: 'LIABILITIES-SEALED',
    takeoverPlan: 'TAKEOVER-PLAN-SEALED',
  });
const violation = (violationId: string, severity: 'minor' | 'general' | 'serious', description: string): LedgerEvent =>
  ev('ViolationRecorded', {
    contractId: 'C1',
    contractorUscc: U1,
    violationId,
    kind: 'fraud',
    severity,
    occurredAt: '2026-06-01',
    description,
  });

function penalty(penaltyId: string, over: Partial<PenaltyImposedData>): LedgerEvent {
  return ev('PenaltyImposed', {
    penaltyId,
    contractId: 'C1',
    projectId: 'P1',
    contractorUscc: U1,
    violationIds: ['v1'],
    evaluationIds: [],
    rectificationDeadline: null,
    decidedAt: '2026-07-01',
    decisionNumber: `长民罚〔2026〕${penaltyId}号`,
    legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
    violationType: ['fraud'],
    severity: 'serious',
    facts: '伪造服务记录, "多报" 服务人次',
    penaltyCategories: ['fine', 'debarment'],
    content: '罚款并禁止参与政府购买服务三年',
    authority: AUTHORITY,
    dataSource: AUTHORITY,
    fine: 123_456,
    terminateContract: false,
    debarment: { from: '2026-07-01', until: '2029-06-30' },
    publishDishonestyRecord: false,
    publicationMonths: 36,
    publishedFrom: '2026-07-01',
    publishedUntil: '2029-06-30',
    ...over,
  });
}

const HISTORY: LedgerEvent[] = [
  ev(
    'ContractorRegistered',
    { uscc: U1, name: '长春市阳光社会工作服务中心', kind: 'social_organization', region: '220100' },
    { internalNote: SECRETS[3] },
  ),
  contract('C1'), // 2, sealed
  violation('v1', 'serious', '伪造服务记录'), // 3
  violation('v2', 'minor', '迟报月度报表'), // 4
  violation('v3', 'general', '服务人员资质不符'), // 5
  penalty('pen1', {}), // 6
  penalty('pen2', {
    violationIds: ['v2'],
    severity: 'minor',
    penaltyCategories: ['warning'],
    fine: undefined,
    debarment: undefined,
    publicationMonths: null,
    publishedFrom: null,
    publishedUntil: null,
  }), // 7: not listed
  penalty('pen3', {
    violationIds: ['v3'],
    severity: 'general',
    penaltyCategories: ['warning'],
    fine: undefined,
    debarment: undefined,
    publicationMonths: 3,
    publishedUntil: '2026-09-30',
  }), // 8
  // 9: as the v1 upcaster leaves it: gaps are null, severity from the cited violation (serious).
  penalty('pen4', {
    decisionNumber: null,
    legalBasis: null,
    violationType: null,
    severity: null,
    facts: null,
    penaltyCategories: null,
    content: null,
    authority: { name: '南关区民政局', uscc: null },
    dataSource: null,
    fine: 5_000_000,
    debarment: undefined,
    publicationMonths: null,
    publishedFrom: null,
    publishedUntil: null,
  }),
  ev('PenaltyRevoked', { penaltyId: 'pen1', contractId: 'C1', contractorUscc: U1, decidedAt: '2026-08-01', reason: '复议撤销理由' }), // 10
  ev('CreditPublicationEnded', { penaltyId: 'pen3', uscc: U1, endedOn: '2026-10-01', reason: 'period_elapsed' }), // 11
  ev('CreditRepaired', {
    uscc: U1,
    penaltyId: 'pen4',
    penaltyIds: ['pen4'],
    repairedAt: '2026-11-01',
    basis: '长发改信修〔2026〕1号',
    commitment: '信用承诺书',
    obligationsFulfilled: true,
    finePaidOn: '2026-10-15',
  }), // 12
];

const xzcfRows = (events: readonly LedgerEvent[]): XzcfRow[] =>
  [...rowsOf(creditXzcf, events).entries()]
    .filter(([k]) => k.startsWith('xzcf:'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, r]) => r as XzcfRow);

describe('credit_xzcf projection', () => {
  it('lists each published penalty once with the 双公示 items; gaps are empty strings; minor penalties are not listed', () => {
    const rows = xzcfRows(HISTORY.slice(0, 9));
    expect(rows.map((r) => [r.position, r.penaltyId])).toEqual([
      [6, 'pen1'],
      [8, 'pen3'],
      [9, 'pen4'],
    ]);
    expect(rows[0].record).toEqual({
      CF_XDR_MC: '长春市阳光社会工作服务中心',
      CF_XDR_LB: '法人及非法人组织',
      CF_XDR_SHXYM: U1,
      CF_WSH: '长民罚〔2026〕pen1号',
      CF_WFXW: '弄虚作假',
      CF_SY: '伪造服务记录, "多报" 服务人次',
      CF_YJ: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
      CF_CFLB: '罚款;禁止参与',
      CF_NR: '罚款并禁止参与政府购买服务三年',
      CF_NR_FK: '0.123456',
      CF_JDRQ: '2026-07-01',
      CF_YXQ: '2029-06-30',
      CF_GSJZQ: '2029-06-30',
      CF_CFJG: '长春市民政局',
      CF_CFJGDM: '112201000135442479',
      CF_SJLY: '长春市民政局',
      CF_SJLYDM: '112201000135442479',
      BZ: '账本处罚编号：pen1',
    });
    expect(rows[2].record).toMatchObject({
      CF_WSH: '',
      CF_WFXW: '',
      CF_SY: '',
      CF_YJ: '',
      CF_CFLB: '',
      CF_NR: '',
      CF_NR_FK: '5.000000',
      CF_YXQ: '',
      CF_GSJZQ: '',
      CF_CFJG: '南关区民政局',
      CF_CFJGDM: '',
      CF_SJLY: '',
      CF_SJLYDM: '',
    });
  });

  it('moves a revoked, expired or repaired penalty to the end as a withdrawal notice (BZ says why); a full read still lists each once', () => {
    const rows = xzcfRows(HISTORY);
    expect(rows.map((r) => [r.position, r.penaltyId, r.record.BZ])).toEqual([
      [10, 'pen1', '账本处罚编号：pen1；状态：已撤销（2026-08-01撤销决定），不再公示'],
      [11, 'pen3', '账本处罚编号：pen3；状态：公示期满，自2026-10-01起不再公示'],
      [12, 'pen4', '账本处罚编号：pen4；状态：已信用修复，自2026-11-01起不再公示'],
    ]);
    // A withdrawal notice: which decision, who, when, why; the misconduct and the sanction are no longer shared.
    expect(rows[0].record).toEqual({
      CF_XDR_MC: '长春市阳光社会工作服务中心',
      CF_XDR_LB: '法人及非法人组织',
      CF_XDR_SHXYM: U1,
      CF_WSH: '长民罚〔2026〕pen1号',
      CF_WFXW: '',
      CF_SY: '',
      CF_YJ: '',
      CF_CFLB: '',
      CF_NR: '',
      CF_NR_FK: '',
      CF_JDRQ: '2026-07-01',
      CF_YXQ: '',
      CF_GSJZQ: '2029-06-30',
      CF_CFJG: '长春市民政局',
      CF_CFJGDM: '112201000135442479',
      CF_SJLY: '长春市民政局',
      CF_SJLYDM: '112201000135442479',
      BZ: '账本处罚编号：pen1；状态：已撤销（2026-08-01撤销决定），不再公示',
    });
    for (const row of rows) expect(JSON.stringify(row)).not.toContain('伪造服务记录');
  });

  it('a v1 credit repair of several penalties moves each, in the order it names them', () => {
    const repairAll = ev('CreditRepaired', {
      uscc: U1,
      penaltyId: null,
      penaltyIds: ['pen4', 'pen1', 'pen2'],
      repairedAt: '2026-11-01',
      basis: '整改完成',
      commitment: null,
      obligationsFulfilled: null,
      finePaidOn: null,
    });
    const rows = xzcfRows([...HISTORY.slice(0, 9), repairAll]);
    expect(rows.map((r) => [r.position, r.index, r.penaltyId])).toEqual([
      [8, 0, 'pen3'],
      [10, 0, 'pen4'],
      [10, 1, 'pen1'],
    ]);
  });

  it("open_until: a penalty's publishedUntil while it is still published, else null (what the expiry service queries)", () => {
    const openUntil = (events: readonly LedgerEvent[]): Record<string, string | number | null> =>
      Object.fromEntries(
        [...rowsOf(creditXzcf, events).entries()]
          .filter(([k]) => k.startsWith('penalty:'))
          .map(([k, r]) => [k.slice('penalty:'.length), creditXzcf.columns.open_until.of(r)]),
      );
    // pen2 is minor (not published), pen4 a v1 entry without a period.
    expect(openUntil(HISTORY.slice(0, 9))).toEqual({ pen1: '2029-06-30', pen2: null, pen3: '2026-09-30', pen4: null });
    // Revoked, expired: no longer published.
    expect(openUntil(HISTORY)).toEqual({ pen1: null, pen2: null, pen3: null, pen4: null });
    expect(creditXzcf.columns.open_until.of(xzcfRows(HISTORY)[0])).toBeNull();
  });

  it('replays to identical rows, from any checkpoint, and ignores an entry delivered twice', () => {
    expectReplayable(creditXzcf, HISTORY);
  });
});

describe('credit_feed projection (issue 14)', () => {
  const feed = (): CreditFeedRow[] =>
    [...rowsOf(creditFeed, HISTORY).entries()]
      .filter(([k]) => k.startsWith('feed:'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, r]) => r as CreditFeedRow);

  it('carries the decision items and publication period of a penalty, and the description of a violation', () => {
    const rows = feed();
    expect(rows.find((r) => r.type === 'ViolationRecorded')?.data).toEqual({
      contractId: 'C1',
      violationId: 'v1',
      kind: 'fraud',
      severity: 'serious',
      occurredAt: '2026-06-01',
      description: '伪造服务记录',
    });
    expect(rows.find((r) => r.type === 'PenaltyImposed')?.data).toMatchObject({
      penaltyId: 'pen1',
      decisionNumber: '长民罚〔2026〕pen1号',
      legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
      severity: 'serious',
      authority: AUTHORITY,
      dataSource: AUTHORITY,
      penaltyCategories: ['fine', 'debarment'],
      publishedFrom: '2026-07-01',
      publishedUntil: '2029-06-30',
    });
    expect(rows.filter((r) => r.type === 'PenaltyImposed').map((r) => r.data.decisionNumber)).toEqual([
      '长民罚〔2026〕pen1号',
      '长民罚〔2026〕pen2号',
      '长民罚〔2026〕pen3号',
      null,
    ]);
  });

  it('carries the end of a publication and a repair by penalty', () => {
    const rows = feed();
    expect(
      rows.filter((r) => ['CreditPublicationEnded', 'CreditRepaired'].includes(r.type)).map((r) => [r.position, r.type, r.data]),
    ).toEqual([
      [11, 'CreditPublicationEnded', { penaltyId: 'pen3', endedOn: '2026-10-01', reason: 'period_elapsed' }],
      [12, 'CreditRepaired', { penaltyId: 'pen4', penaltyIds: ['pen4'], repairedAt: '2026-11-01', basis: '长发改信修〔2026〕1号' }],
    ]);
    expect(JSON.stringify(rows)).not.toContain(SECRETS[3]);
  });

  it('holds a termination and a completion until the contract is announced, then publishes them with its terms', () => {
    const events = [
      ...HISTORY.slice(0, 2),
      ev('ContractTerminated', { contractId: 'C1', penaltyId: 'pen1', terminatedAt: '2026-07-01', paid: 1_000_000, unpaid: 9_000_000 }),
      contract('C2'),
      ev('ContractCompleted', {
        contractId: 'C2',
        acceptedAt: '2027-04-30',
        report: '验收报告文本',
        paid: 10_000_000,
        finalSettlement: null,
      }),
    ];
    const before = [...rowsOf(creditFeed, events).keys()].filter((k) => k.startsWith('feed:'));
    expect(before).toEqual(['feed:000000000001:000000000001']);
    const announced = [
      ...events,
      ev('ContractAnnounced', { contractId: 'C1', announcedAt: '2026-07-02', url: 'https://ccgp.example/C1' }),
      ev('ContractAnnounced', { contractId: 'C2', announcedAt: '2027-05-01', url: 'https://ccgp.example/C2' }),
    ];
    const rows = [...rowsOf(creditFeed, announced).entries()]
      .filter(([k]) => k.startsWith('feed:'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, r]) => r as CreditFeedRow);
    expect(rows.map((r) => [r.position, r.publishedBy, r.type, r.data])).toEqual([
      [1, 1, 'ContractorRegistered', { name: '长春市阳光社会工作服务中心', kind: 'social_organization' }],
      [2, 6, 'ContractSigned', { contractId: 'C1', projectId: 'P1', amount: 10_000_000, signedAt: '2026-04-10' }],
      [3, 6, 'ContractTerminated', { contractId: 'C1', penaltyId: 'pen1', terminatedAt: '2026-07-01', paid: 1_000_000, unpaid: 9_000_000 }],
      [4, 7, 'ContractSigned', { contractId: 'C2', projectId: 'P1', amount: 10_000_000, signedAt: '2026-04-10' }],
      [5, 7, 'ContractCompleted', { contractId: 'C2', acceptedAt: '2027-04-30', paid: 10_000_000 }],
    ]);
    expect(JSON.stringify(rows)).not.toContain('验收报告文本');
    expectReplayable(creditFeed, announced);
  });
});
