import { contractDecider } from '../../../src/contracts/domain/contracts.decider';
import { penaltyDecider, type ImposePenalty, type PenaltyCommand } from '../../../src/penalties/domain/penalties.decider';
import { yuan } from '../../../src/shared/domain/money';
import type { ContractEvent, PenaltyEvent, PenaltyImposed } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { CONTRACTOR, contractSigned, paymentMade, violationRecorded } from './fixtures';

const imposeSpec = (contract: ContractEvent[]) =>
  DeciderSpecification.for({
    ...penaltyDecider,
    decide: (c: PenaltyCommand, s) => penaltyDecider.decide(c, s, { contract: fold(contractDecider, contract) }),
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
const impose = (over: Partial<ImposePenalty['data']> = {}): ImposePenalty => ({
  type: 'ImposePenalty',
  data: { penaltyId: 'X-1', contractId: 'C-2024-001', violationIds: ['V-1'], decidedAt: '2024-07-01', authority: '长春市民政局', ...over },
});
const imposed = (over: Partial<PenaltyImposed['data']> = {}): PenaltyImposed => ({
  type: 'PenaltyImposed',
  schemaVersion: 2,
  data: {
    penaltyId: 'X-1',
    contractId: 'C-2024-001',
    projectId: 'P-2024-001',
    contractorUscc: CONTRACTOR,
    violationIds: ['V-1'],
    decidedAt: '2024-07-01',
    decisionNumber: null,
    legalBasis: null,
    violationType: null,
    severity: null,
    facts: null,
    penaltyCategories: null,
    content: null,
    authority: { name: '长春市民政局', uscc: null },
    dataSource: null,
    terminateContract: false,
    publishDishonestyRecord: false,
    publicationMonths: null,
    publishedFrom: null,
    publishedUntil: null,
    ...over,
  },
});

describe('penalty and its consequences, one decision (000 §四(四)3–4)', () => {
  it('a fine alone is just PenaltyImposed', () =>
    imposeSpec(active)
      .given([])
      .when(impose({ fine: yuan(20_000), internalNote: '约谈记录' }))
      .then([{ ...imposed({ fine: yuan(20_000) }), private: { internalNote: '约谈记录' } }]));

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
          schemaVersion: 1,
          data: { contractId: 'C-2024-001', projectId: 'P-2024-001', penaltyId: 'X-1', activatedAt: '2024-07-01' },
        },
        {
          type: 'ContractorDebarred',
          schemaVersion: 1,
          data: {
            uscc: CONTRACTOR,
            penaltyId: 'X-1',
            contractId: 'C-2024-001',
            from: '2024-07-01',
            until: '2027-06-30',
            decidedAt: '2024-07-01',
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
            decisionNumber: null,
            legalBasis: null,
            authority: { name: '长春市民政局', uscc: null },
            severity: null,
            publicationMonths: null,
            publishedFrom: '2024-07-01',
            publishedUntil: null,
          },
        },
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

  it('DEBARMENT_PERIOD_INVALID: from after until; minor violations only', () => {
    imposeSpec(active)
      .given([])
      .when(impose({ debarment: { from: '2024-07-02', until: '2024-07-01' } }))
      .thenThrows('DEBARMENT_PERIOD_INVALID', 'from 2024-07-02 until 2024-07-01: from is 1 day(s) after until');
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: ['V-2'], debarment: { from: '2024-07-01', until: '2025-06-30' } }))
      .thenThrows('DEBARMENT_PERIOD_INVALID', 'needs a serious violation');
  });
  it('a one-day debarment (from = until) is valid', () =>
    imposeSpec(active)
      .given([])
      .when(impose({ violationIds: ['V-1', 'V-2'], debarment: { from: '2024-07-01', until: '2024-07-01' } }))
      .then([
        imposed({ violationIds: ['V-1', 'V-2'], debarment: { from: '2024-07-01', until: '2024-07-01' } }),
        {
          type: 'ContractorDebarred',
          schemaVersion: 1,
          data: {
            uscc: CONTRACTOR,
            penaltyId: 'X-1',
            contractId: 'C-2024-001',
            from: '2024-07-01',
            until: '2024-07-01',
            decidedAt: '2024-07-01',
          },
        },
      ]));

  it('terminating a completed or terminated contract is INVALID_STATE; a fine on it is not', () => {
    const completed: ContractEvent[] = [
      ...active,
      { type: 'ContractCompleted', schemaVersion: 1, data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: 'ok', paid: 0 } },
    ];
    imposeSpec(completed)
      .given([])
      .when(impose({ terminateContract: true }))
      .thenThrows('INVALID_STATE', 'already completed');
    imposeSpec(completed)
      .given([])
      .when(impose({ fine: 100 }))
      .then([imposed({ fine: 100 })]);
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
  it('twice is INVALID_STATE; before the penalty is INVALID_STATE; unknown is NOT_FOUND', () => {
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
      .thenThrows('INVALID_STATE');
    revokeSpec.given([]).when(revoke).thenThrows('NOT_FOUND');
  });
});
