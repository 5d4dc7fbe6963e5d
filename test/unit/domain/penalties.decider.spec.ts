import { contractDecider } from '../../../src/contracts/domain/contracts.decider';
import {
  authorityRegister,
  mostSevere,
  penaltyDecider,
  type ImposePenalty,
  type PenaltyCommand,
} from '../../../src/penalties/domain/penalties.decider';
import { yuan } from '../../../src/shared/domain/money';
import type { AuthorityEvent, ContractEvent, DecisionNumberIssued, PenaltyEvent, PenaltyImposed } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { CONTRACTOR, contractSigned, paymentMade, violationRecorded } from './fixtures';

const imposeSpec = (contract: ContractEvent[], authority: AuthorityEvent[] = []) =>
  DeciderSpecification.for({
    ...penaltyDecider,
    decide: (c: PenaltyCommand, s) =>
      penaltyDecider.decide(c, s, { contract: fold(contractDecider, contract), authority: fold(authorityRegister, authority) }),
  });
const issued = (
  penaltyId = 'X-1',
  decisionNumber: string = DECISION.decisionNumber,
  authorityUscc = AUTHORITY.uscc,
): DecisionNumberIssued => ({
  type: 'DecisionNumberIssued',
  schemaVersion: 1,
  data: { authorityUscc, decisionNumber, penaltyId, decidedAt: '2024-07-01' },
});
const revokeSpec = DeciderSpecification.for({
  ...penaltyDecider,
  decide: (c: PenaltyCommand, s) => penaltyDecider.decide(c, s, undefined),
});

const active: ContractEvent[] = [
  contractSigned(),
  paymentMade('PAY-1', yuan(300_000)),
  violationRecorded('V-1', 'serious', 'fraud'),
  violationRecorded('V-2', 'minor', 'breach'),
];
const AUTHORITY = { name: '长春市民政局', uscc: '11220100MB1234567K' };
const DECISION = {
  decisionNumber: '长民罚决字〔2024〕第1号',
  legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
  facts: '伪造入户调查记录',
  penaltyCategories: ['fine'],
  content: '罚款',
} as const;
const impose = (over: Partial<ImposePenalty['data']> = {}): ImposePenalty => ({
  type: 'ImposePenalty',
  data: {
    penaltyId: 'X-1',
    contractId: 'C-2024-001',
    violationIds: ['V-1'],
    decidedAt: '2024-07-01',
    ...DECISION,
    authority: AUTHORITY,
    ...over,
  },
});
const imposed = (over: Partial<PenaltyImposed['data']> = {}): PenaltyImposed => ({
  type: 'PenaltyImposed',
  schemaVersion: 3,
  data: {
    penaltyId: 'X-1',
    contractId: 'C-2024-001',
    projectId: 'P-2024-001',
    contractorUscc: CONTRACTOR,
    violationIds: ['V-1'],
    evaluationIds: [],
    rectificationDeadline: null,
    decidedAt: '2024-07-01',
    ...DECISION,
    penaltyCategories: ['fine'],
    violationType: ['fraud'],
    severity: 'serious',
    authority: AUTHORITY,
    dataSource: AUTHORITY,
    terminateContract: false,
    publishDishonestyRecord: false,
    // Decided 2024-07-01: Order 58 (2023) bounds, 3–36 months; none chosen, so the maximum.
    publicationMonths: 36,
    publishedFrom: '2024-07-01',
    publishedUntil: '2027-06-30',
    ...over,
  },
});

describe('penalty and its consequences, one decision (000 §四(四)3–4)', () => {
  it('a fine alone is just PenaltyImposed', () =>
    imposeSpec(active)
      .given([])
      .when(impose({ fine: yuan(20_000), internalNote: '约谈记录' }))
      .then([{ ...imposed({ fine: yuan(20_000) }), private: { internalNote: '约谈记录' } }, issued()]));

  it('termination after the purchaser already started the takeover plan: no second TakeoverActivated (000 §四(四)3, once)', () => {
    const takenOver: ContractEvent = {
      type: 'TakeoverActivated',
      schemaVersion: 2,
      data: {
        contractId: 'C-2024-001',
        projectId: 'P-2024-001',
        penaltyId: null,
        activatedAt: '2024-06-20',
        reason: '连续 7 日未上门服务',
      },
    };
    imposeSpec([...active, takenOver])
      .given([])
      .when(impose({ terminateContract: true }))
      .then([
        imposed({ terminateContract: true }),
        {
          type: 'ContractTerminated',
          schemaVersion: 1,
          data: { contractId: 'C-2024-001', penaltyId: 'X-1', terminatedAt: '2024-07-01', paid: yuan(300_000), unpaid: yuan(450_000) },
        },
        issued(),
      ]);
  });

  it('termination + takeover, debarment and dishonesty record, all at once', () =>
    imposeSpec(active)
      .given([])
      .when(impose({ terminateContract: true, debarment: { from: '2024-07-01', until: '2027-06-30' }, publishDishonestyRecord: true }))
      .then([
        imposed({ terminateContract: true, debarment: { from: '2024-07-01', until: '2027-06-30' }, publishDishonestyRecord: true }),
        {
          type: 'ContractTerminated',
          schemaVersion: 1,
          data: { contractId: 'C-2024-001', penaltyId: 'X-1', terminatedAt: '2024-07-01', paid: yuan(300_000), unpaid: yuan(450_000) },
        },
        {
          type: 'TakeoverActivated',
          schemaVersion: 2,
          data: { contractId: 'C-2024-001', projectId: 'P-2024-001', penaltyId: 'X-1', activatedAt: '2024-07-01', reason: null },
        },
        {
          type: 'ContractorDebarred',
          schemaVersion: 2,
          data: {
            uscc: CONTRACTOR,
            penaltyId: 'X-1',
            contractId: 'C-2024-001',
            from: '2024-07-01',
            until: '2027-06-30',
            decidedAt: '2024-07-01',
            grounds: 'serious_violation',
          },
        },
        {
          type: 'DishonestyRecordPublished',
          schemaVersion: 2,
          data: {
            uscc: CONTRACTOR,
            penaltyId: 'X-1',
            contractId: 'C-2024-001',
            violationIds: ['V-1'],
            publishedAt: '2024-07-01',
            decisionNumber: DECISION.decisionNumber,
            legalBasis: DECISION.legalBasis,
            authority: AUTHORITY,
            severity: 'serious',
            publicationMonths: 36,
            publishedFrom: '2024-07-01',
            publishedUntil: '2027-06-30',
          },
        },
        issued(),
      ]));

  it('PENALTY_WITHOUT_VIOLATION: none cited, or one not recorded on that contract', () => {
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: [] }))
      .thenThrows('PENALTY_WITHOUT_VIOLATION', 'cites no violation');
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: ['V-1', 'V-9'] }))
      .thenThrows('PENALTY_WITHOUT_VIOLATION', 'cites V-9, not recorded on contract C-2024-001 (recorded: V-1, V-2)');
    imposeSpec([contractSigned()]).given([]).when(impose()).thenThrows('PENALTY_WITHOUT_VIOLATION', '(recorded: none)');
  });

  it('DEBARMENT_PERIOD_INVALID: from after until; minor or general violations only', () => {
    imposeSpec(active)
      .given([])
      .when(impose({ debarment: { from: '2024-07-02', until: '2024-07-01' } }))
      .thenThrows('DEBARMENT_PERIOD_INVALID', 'from 2024-07-02 until 2024-07-01: from is 1 day(s) after until');
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: ['V-2'], debarment: { from: '2024-07-01', until: '2025-06-30' } }))
      .thenThrows('DEBARMENT_PERIOD_INVALID', 'needs a serious violation');
    imposeSpec([...active, violationRecorded('V-3', 'general', 'breach')])
      .given([])
      .when(impose({ violationIds: ['V-2', 'V-3'], debarment: { from: '2024-07-01', until: '2025-06-30' } }))
      .thenThrows(
        'DEBARMENT_PERIOD_INVALID',
        'needs a serious violation or a failed evaluation; penalty X-1 cites neither (V-2 minor, V-3 general)',
      );
  });
  it('a one-day debarment (from = until) is valid', () =>
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: ['V-1', 'V-2'], debarment: { from: '2024-07-01', until: '2024-07-01' } }))
      .then([
        imposed({
          violationIds: ['V-1', 'V-2'],
          violationType: ['fraud', 'breach'],
          debarment: { from: '2024-07-01', until: '2024-07-01' },
        }),
        {
          type: 'ContractorDebarred',
          schemaVersion: 2,
          data: {
            uscc: CONTRACTOR,
            penaltyId: 'X-1',
            contractId: 'C-2024-001',
            from: '2024-07-01',
            until: '2024-07-01',
            decidedAt: '2024-07-01',
            grounds: 'serious_violation',
          },
        },
        issued(),
      ]));

  it('terminating a completed or terminated contract is INVALID_STATE; a fine on it is not', () => {
    const completed: ContractEvent[] = [
      ...active,
      {
        type: 'ContractCompleted',
        schemaVersion: 2,
        data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: 'ok', paid: 0, finalSettlement: null },
      },
    ];
    imposeSpec(completed)
      .given([])
      .when(impose({ terminateContract: true }))
      .thenThrows('INVALID_STATE', 'already completed');
    imposeSpec(completed)
      .given([])
      .when(impose({ fine: 100 }))
      .then([imposed({ fine: 100 }), issued()]);
  });
  it('ALREADY_EXISTS for a penalty id; NOT_FOUND for an unsigned contract', () => {
    imposeSpec(active).given([imposed()]).when(impose()).thenThrows('ALREADY_EXISTS');
    imposeSpec([]).given([]).when(impose()).thenThrows('NOT_FOUND');
  });
});

describe('revocation compensates in the same decision', () => {
  const revoke: PenaltyCommand = { type: 'RevokePenalty', data: { penaltyId: 'X-1', decidedAt: '2024-09-01', reason: '行政复议撤销' } };
  const full: PenaltyEvent[] = [
    imposed({ terminateContract: true, debarment: { from: '2024-07-01', until: '2027-06-30' }, publishDishonestyRecord: true }),
  ];

  it('PenaltyRevoked + DebarmentLifted + DishonestyRecordWithdrawn', () =>
    revokeSpec
      .given(full)
      .when(revoke)
      .then([
        {
          type: 'PenaltyRevoked',
          schemaVersion: 1,
          data: { penaltyId: 'X-1', contractId: 'C-2024-001', contractorUscc: CONTRACTOR, decidedAt: '2024-09-01', reason: '行政复议撤销' },
        },
        {
          type: 'DebarmentLifted',
          schemaVersion: 1,
          data: { uscc: CONTRACTOR, penaltyId: 'X-1', liftedAt: '2024-09-01', reason: '行政复议撤销' },
        },
        {
          type: 'DishonestyRecordWithdrawn',
          schemaVersion: 1,
          data: { uscc: CONTRACTOR, penaltyId: 'X-1', withdrawnAt: '2024-09-01', reason: '行政复议撤销' },
        },
      ]));
  it('only what the penalty ordered is compensated', () =>
    revokeSpec
      .given([imposed({ fine: 100 })])
      .when(revoke)
      .then([
        {
          type: 'PenaltyRevoked',
          schemaVersion: 1,
          data: { penaltyId: 'X-1', contractId: 'C-2024-001', contractorUscc: CONTRACTOR, decidedAt: '2024-09-01', reason: '行政复议撤销' },
        },
      ]));
  it('twice is INVALID_STATE; dated before the penalty is DATE_OUT_OF_ORDER (lifecycle order); unknown is NOT_FOUND', () => {
    revokeSpec
      .given([
        ...full,
        {
          type: 'PenaltyRevoked',
          schemaVersion: 1,
          data: { penaltyId: 'X-1', contractId: 'C-2024-001', contractorUscc: CONTRACTOR, decidedAt: '2024-09-01', reason: 'r' },
        },
      ])
      .when(revoke)
      .thenThrows('INVALID_STATE', 'already revoked on 2024-09-01');
    revokeSpec
      .given(full)
      .when({ ...revoke, data: { ...revoke.data, decidedAt: '2024-06-30' } })
      .thenThrows('DATE_OUT_OF_ORDER', 'revocation on 2024-06-30 is before penalty X-1 was decided');
    revokeSpec.given([]).when(revoke).thenThrows('NOT_FOUND');
  });
});

describe('severity, dishonesty record and publication period (issue 14)', () => {
  // Signed early, so that decisions across every credit pack are after the signing.
  const withGeneral: ContractEvent[] = [
    contractSigned({ signedAt: '2019-07-01' }),
    violationRecorded('V-1', 'serious', 'fraud'),
    violationRecorded('V-2', 'minor', 'breach'),
    violationRecorded('V-3', 'general', 'service_failure'),
  ];
  const at = (decidedAt: string, over: Partial<ImposePenalty['data']> = {}) => impose({ decidedAt, ...over });
  const only = (events: readonly { type: string; data: object }[]) => events[0].data as PenaltyImposed['data'];
  const decide = (contract: ContractEvent[], command: ImposePenalty) =>
    penaltyDecider.decide(command, penaltyDecider.initialState(), {
      contract: fold(contractDecider, contract),
      authority: authorityRegister.initialState(),
    });

  it('the severity is the most severe cited; violationType the distinct kinds in citation order', () => {
    expect(mostSevere(['minor', 'general', 'minor'])).toBe('general');
    expect(mostSevere(['general', 'serious'])).toBe('serious');
    expect(mostSevere(['minor'])).toBe('minor');
    const d = only(decide([...withGeneral, violationRecorded('V-4', 'minor', 'breach')], impose({ violationIds: ['V-2', 'V-3', 'V-4'] })));
    expect([d.severity, d.violationType]).toEqual(['general', ['breach', 'service_failure']]);
  });

  it('DISHONESTY_RECORD_NOT_ALLOWED for a minor or general penalty (000 §四(四)4, 001 §二(六))', () => {
    imposeSpec(withGeneral)
      .given([])
      .when(impose({ violationIds: ['V-3'], publishDishonestyRecord: true }))
      .thenThrows('DISHONESTY_RECORD_NOT_ALLOWED', 'penalty X-1 is general (V-3 general)');
    imposeSpec(withGeneral)
      .given([])
      .when(impose({ violationIds: ['V-2'], publishDishonestyRecord: true }))
      .thenThrows('DISHONESTY_RECORD_NOT_ALLOWED', 'is minor');
    expect(decide(withGeneral, impose({ violationIds: ['V-2', 'V-1'], publishDishonestyRecord: true })).map((e) => e.type)).toEqual([
      'PenaltyImposed',
      'DishonestyRecordPublished',
      'DecisionNumberIssued',
    ]);
  });

  it('bounds as of the decision date: 527号 (2019), Order 58 (2023), Order 36 (from 2026-04-01); the maximum when none is chosen', () => {
    const period = (contract: ContractEvent[], command: ImposePenalty) => {
      const d = only(decide(contract, command));
      return [d.publicationMonths, d.publishedFrom, d.publishedUntil];
    };
    const general = { violationIds: ['V-3'] };
    // 527号: general ≤ 12, serious ≤ 36.
    expect(period(withGeneral, at('2023-04-30', general))).toEqual([12, '2023-04-30', '2024-04-29']);
    expect(period(withGeneral, at('2023-04-30'))).toEqual([36, '2023-04-30', '2026-04-29']);
    // Order 58: 3–36 for every published penalty.
    expect(period(withGeneral, at('2023-05-01', general))).toEqual([36, '2023-05-01', '2026-04-30']);
    // Order 36: general ≤ 12, serious 12–36.
    expect(period(withGeneral, at('2026-03-31', general))).toEqual([36, '2026-03-31', '2029-03-30']);
    expect(period(withGeneral, at('2026-04-01', general))).toEqual([12, '2026-04-01', '2027-03-31']);
    expect(period(withGeneral, at('2026-04-01', { publicationMonths: 12 }))).toEqual([12, '2026-04-01', '2027-03-31']);
    expect(period(withGeneral, at('2026-04-01', { ...general, publicationMonths: 3 }))).toEqual([3, '2026-04-01', '2026-06-30']);
    // Month ends: the last day is addMonths − 1 day, clamped (2024-01-31 + 1 month = 2024-02-29).
    expect(period(withGeneral, at('2024-01-31', { ...general, publicationMonths: 3 }))).toEqual([3, '2024-01-31', '2024-04-29']);
  });

  it('a minor penalty is not published: publication null, and no publicationMonths accepted', () => {
    const d = only(decide(active, impose({ violationIds: ['V-2'] })));
    expect([d.severity, d.publicationMonths, d.publishedFrom, d.publishedUntil]).toEqual(['minor', null, null, null]);
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: ['V-2'], publicationMonths: 3 }))
      .thenThrows('PUBLICATION_PERIOD_INVALID', 'penalty X-1 is minor: not published');
  });

  it('PUBLICATION_PERIOD_INVALID outside [min, max], naming the allowed range and its source', () => {
    imposeSpec(withGeneral)
      .given([])
      .when(at('2026-04-01', { publicationMonths: 11 }))
      .thenThrows(
        'PUBLICATION_PERIOD_INVALID',
        'publicationMonths 11 for a serious penalty decided 2026-04-01: allowed 12–36 months (国家发展改革委令第36号',
      );
    imposeSpec(withGeneral)
      .given([])
      .when(at('2026-04-01', { violationIds: ['V-3'], publicationMonths: 13 }))
      .thenThrows('PUBLICATION_PERIOD_INVALID', 'allowed 3–12 months');
    imposeSpec(withGeneral)
      .given([])
      .when(at('2020-01-01', { publicationMonths: 5 }))
      .thenThrows('PUBLICATION_PERIOD_INVALID', 'allowed 6–36 months (发改办财金〔2019〕527号');
    imposeSpec(withGeneral)
      .given([])
      .when(at('2024-07-01', { publicationMonths: 0 }))
      .thenThrows('PUBLICATION_PERIOD_INVALID', 'allowed 3–36');
    imposeSpec(withGeneral)
      .given([])
      .when(at('2024-07-01', { publicationMonths: 37 }))
      .thenThrows('PUBLICATION_PERIOD_INVALID', 'allowed 3–36');
  });

  it('a published penalty decided before any credit rule the ledger knows is DATE_OUT_OF_ORDER', () =>
    imposeSpec([contractSigned({ signedAt: '2019-01-10' }), violationRecorded('V-1')])
      .given([])
      .when(at('2019-06-30'))
      .thenThrows('DATE_OUT_OF_ORDER', 'takes effect on 2019-07-01'));

  it('a decision number is unique per authority: 409 ALREADY_EXISTS for the same one, another authority may use it', () => {
    imposeSpec(active, [issued('X-0')])
      .given([])
      .when(impose())
      .thenThrows(
        'ALREADY_EXISTS',
        `decision number ${DECISION.decisionNumber} of 长春市民政局 (${AUTHORITY.uscc}) was already issued for penalty X-0`,
      );
    imposeSpec(active, [issued('X-0', '长民罚决字〔2024〕第2号')])
      .given([])
      .when(impose())
      .then([imposed(), issued()]);
    const other = { name: '吉林省民政厅', uscc: '11220000MB00000030' };
    expect(decide(active, impose({ authority: other })).at(-1)).toEqual(issued('X-1', DECISION.decisionNumber, other.uscc));
    expect(fold(authorityRegister, [issued('X-0'), issued('X-1', '2号')]).issued).toEqual([
      { decisionNumber: DECISION.decisionNumber, penaltyId: 'X-0' },
      { decisionNumber: '2号', penaltyId: 'X-1' },
    ]);
  });

  it('the data source defaults to the authority; a named one is kept', () => {
    const source = { name: '吉林省民政厅', uscc: '11220000MB00000030' };
    expect(only(decide(active, impose())).dataSource).toEqual(AUTHORITY);
    expect(only(decide(active, impose({ dataSource: source }))).dataSource).toEqual(source);
  });
});
