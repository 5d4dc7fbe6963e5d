import { contractDecider, type ContractCommand } from '../../../src/contracts/domain/contracts.decider';
import {
  INNER_MONGOLIA_2023,
  JILIN_2020,
  NATIONAL_DEFAULT,
  PAYMENT_PURPOSES,
  type PaymentPurpose,
  type PolicyPack,
} from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';
import type { ContractCompleted, ContractEvent, PaymentMade, TakeoverActivated } from '../../../events';
import { DeciderSpecification } from '../../support/decider-spec';
import { CONTRACTOR, contractSigned, paymentMade, violationRecorded } from './fixtures';

const spec = DeciderSpecification.for({ ...contractDecider, decide: (c: ContractCommand, s) => contractDecider.decide(c, s, JILIN_2020) });
const signed = [contractSigned()];
const terminated: ContractEvent[] = [
  ...signed,
  violationRecorded('V-1'),
  {
    type: 'ContractTerminated',
    schemaVersion: 1,
    data: { contractId: 'C-2024-001', penaltyId: 'X-1', terminatedAt: '2024-07-01', paid: 0, unpaid: yuan(750_000) },
  },
];
const completed: ContractEvent[] = [
  ...signed,
  {
    type: 'ContractCompleted',
    schemaVersion: 2,
    data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: '验收合格', paid: 0, finalSettlement: null },
  },
];

const specUnder = (policy: PolicyPack) =>
  DeciderSpecification.for({ ...contractDecider, decide: (c: ContractCommand, s) => contractDecider.decide(c, s, policy) });
const pay = (paymentId: string, amount: number, purpose: PaymentPurpose = 'service_fee', paidAt = '2024-05-15'): ContractCommand => ({
  type: 'RecordPayment',
  data: { contractId: 'C-2024-001', paymentId, amount, paidAt, purpose },
});

describe('payments — PAYMENT_EXCEEDS_CONTRACT (000 §四(五)2), PROHIBITED_USE_OF_FUNDS (003 §一(一))', () => {
  it('payments summing exactly to the contract amount pass', () =>
    spec
      .given([...signed, paymentMade('PAY-1', yuan(375_000))])
      .when(pay('PAY-2', yuan(375_000)))
      .then([paymentMade('PAY-2', yuan(375_000))]));
  it('one fen more fails', () =>
    spec
      .given([...signed, paymentMade('PAY-1', yuan(375_000))])
      .when(pay('PAY-2', yuan(375_000) + 1))
      .thenThrows(
        'PAYMENT_EXCEEDS_CONTRACT',
        'payment PAY-2 of 375,000.01 CNY would bring payments under contract C-2024-001 from 375,000.00 CNY to 750,000.01 CNY, over the contract amount 750,000.00 CNY by 0.01 CNY',
      ));
  it('pay before the contract (none), after termination or completion: INVALID_STATE / NOT_FOUND; dated before signing: DATE_OUT_OF_ORDER', () => {
    spec.given([]).when(pay('PAY-1', 1)).thenThrows('NOT_FOUND');
    spec.given(terminated).when(pay('PAY-1', 1)).thenThrows('INVALID_STATE', 'contract C-2024-001 is terminated');
    spec.given(completed).when(pay('PAY-1', 1)).thenThrows('INVALID_STATE', 'contract C-2024-001 is completed');
    spec
      .given(signed)
      .when(pay('PAY-1', 1, 'service_fee', '2024-04-09'))
      .thenThrows('DATE_OUT_OF_ORDER', 'before contract C-2024-001 was signed (2024-04-10)');
  });
  it('a payment id twice: ALREADY_EXISTS', () =>
    spec
      .given([...signed, paymentMade('PAY-1', 1)])
      .when(pay('PAY-1', 1))
      .thenThrows('ALREADY_EXISTS'));
});

describe('PROHIBITED_USE_OF_FUNDS: Inner Mongolia only (003 §一(一)); purpose is a code everywhere', () => {
  const PROHIBITED = ['salaries', 'operating_expenses', 'equipment', 'construction'] as const;
  const paid = (purpose: PaymentPurpose): PaymentMade => {
    const e = paymentMade('PAY-1', 100);
    return { ...e, data: { ...e.data, amount: 100, purpose } };
  };
  it.each(PROHIBITED)('Inner Mongolia refuses %s, citing 003 §一(一)', (purpose) =>
    specUnder(INNER_MONGOLIA_2023)
      .given(signed)
      .when(pay('PAY-1', 100, purpose))
      .thenThrows(
        'PROHIBITED_USE_OF_FUNDS',
        new RegExp(`^payment PAY-1 of 1\\.00 CNY for purpose ${purpose} is refused: .*\\(003 §一\\(一\\).*\\(nm-2023\\)$`),
      ),
  );
  it.each(PAYMENT_PURPOSES.filter((p) => !(PROHIBITED as readonly string[]).includes(p)))('Inner Mongolia pays %s', (purpose) =>
    specUnder(INNER_MONGOLIA_2023)
      .given(signed)
      .when(pay('PAY-1', 100, purpose))
      .then([paid(purpose)]),
  );
  // 000–002 forbid no payment purpose (only 专款专用, 001 §三(四); 不得截留、挪用, 002 §四(三)); 004 neither.
  it.each(PROHIBITED.flatMap((purpose) => [JILIN_2020, NATIONAL_DEFAULT].map((pack) => [pack.id, purpose, pack] as const)))(
    '%s pays %s: its sources forbid no purpose',
    (_id, purpose, pack) =>
      specUnder(pack)
        .given(signed)
        .when(pay('PAY-1', 100, purpose))
        .then([paid(purpose)]),
  );
});

describe('announcement, evaluations, completion', () => {
  const announce: ContractCommand = {
    type: 'AnnounceContract',
    data: { contractId: 'C-2024-001', announcedAt: '2024-04-11', url: 'https://www.ccgp-jilin.gov.cn/c/1' },
  };
  it('announces once, in any status (a disclosure duty, 000 §四(三)4)', () => {
    spec
      .given(signed)
      .when(announce)
      .then([
        {
          type: 'ContractAnnounced',
          schemaVersion: 1,
          data: { contractId: 'C-2024-001', announcedAt: '2024-04-11', url: 'https://www.ccgp-jilin.gov.cn/c/1' },
        },
      ]);
    spec
      .given(terminated)
      .when(announce)
      .then([
        {
          type: 'ContractAnnounced',
          schemaVersion: 1,
          data: { contractId: 'C-2024-001', announcedAt: '2024-04-11', url: 'https://www.ccgp-jilin.gov.cn/c/1' },
        },
      ]);
    spec
      .given([
        ...signed,
        { type: 'ContractAnnounced', schemaVersion: 1, data: { contractId: 'C-2024-001', announcedAt: '2024-04-11', url: 'u' } },
      ])
      .when(announce)
      .thenThrows('INVALID_STATE', 'already announced on 2024-04-11');
  });
  it('records evaluations (optional fields omitted, not undefined); duplicate id refused', () => {
    const evaluate: ContractCommand = {
      type: 'RecordEvaluation',
      data: {
        contractId: 'C-2024-001',
        evaluationId: 'E-1',
        evaluator: 'service_recipients',
        score: 92,
        evaluatedAt: '2024-12-01',
        satisfactionRate: 0.95,
      },
    };
    const evaluated: ContractEvent = {
      type: 'PerformanceEvaluated',
      schemaVersion: 2,
      data: {
        contractId: 'C-2024-001',
        evaluationId: 'E-1',
        evaluator: 'service_recipients',
        score: 92,
        grade: 'excellent',
        evaluatedAt: '2024-12-01',
        satisfactionRate: 0.95,
      },
    };
    spec.given(completed).when(evaluate).then([evaluated]);
    spec
      .given([...signed, evaluated])
      .when(evaluate)
      .thenThrows('ALREADY_EXISTS');
  });
  it('completes an active contract once', () => {
    const complete: ContractCommand = {
      type: 'CompleteContract',
      data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: '验收合格' },
    };
    spec
      .given([...signed, paymentMade('PAY-1', yuan(750_000))])
      .when(complete)
      .then([
        {
          type: 'ContractCompleted',
          schemaVersion: 2,
          data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: '验收合格', paid: yuan(750_000), finalSettlement: null },
        },
      ]);
    spec.given(completed).when(complete).thenThrows('INVALID_STATE', 'is completed');
    spec.given(terminated).when(complete).thenThrows('INVALID_STATE', 'is terminated');
  });
});

describe('violations — SUBCONTRACTING_PROHIBITED (000 §四(四)2, 002 §三(四))', () => {
  const violation = (kind: string, severity: string, violationId = 'V-1'): ContractCommand => ({
    type: 'RecordViolation',
    data: { contractId: 'C-2024-001', violationId, kind, severity, occurredAt: '2024-06-01', description: '伪造入户调查记录' } as never,
  });
  it('a subcontracting violation recorded as minor or general is refused; as serious it is recorded', () => {
    spec
      .given(signed)
      .when(violation('subcontracting', 'minor'))
      .thenThrows('SUBCONTRACTING_PROHIBITED', 'subcontracting is always serious');
    spec.given(signed).when(violation('subcontracting', 'general')).thenThrows('SUBCONTRACTING_PROHIBITED', 'not general');
    spec
      .given(signed)
      .when(violation('subcontracting', 'serious'))
      .then([violationRecorded('V-1', 'serious', 'subcontracting')]);
  });
  it('records other violations with the contractor, also after completion; duplicate id refused', () => {
    spec
      .given(completed)
      .when(violation('service_failure', 'minor'))
      .then([violationRecorded('V-1', 'minor', 'service_failure')]);
    spec
      .given([...signed, violationRecorded('V-1')])
      .when(violation('fraud', 'serious'))
      .thenThrows('ALREADY_EXISTS');
    expect(violationRecorded('V-1').data.contractorUscc).toBe(CONTRACTOR);
  });
});

describe('completion with unpaid instalments — CONTRACT_MISMATCH (000 §四(三)1 资金结算方式; issue 15 item 12)', () => {
  const complete = (finalSettlement?: { amount: number; reason: string }): ContractCommand => ({
    type: 'CompleteContract',
    data: { contractId: 'C-2024-001', acceptedAt: '2025-04-20', report: '验收合格', ...(finalSettlement ? { finalSettlement } : {}) },
  });
  const completedEvent = (paid: number, finalSettlement: { amount: number; reason: string } | null): ContractCompleted => ({
    type: 'ContractCompleted',
    schemaVersion: 2,
    data: { contractId: 'C-2024-001', acceptedAt: '2025-04-20', report: '验收合格', paid, finalSettlement },
  });
  const halfPaid = [...signed, paymentMade('PAY-1', yuan(375_000))];
  const settlement = { amount: yuan(375_000), reason: '尾款于验收合格后 30 日内支付' };
  it('unpaid instalments without finalSettlement are refused, naming the remainder', () =>
    spec
      .given(halfPaid)
      .when(complete())
      .thenThrows(
        'CONTRACT_MISMATCH',
        'contract C-2024-001 has 375,000.00 CNY of its 750,000.00 CNY payment schedule unpaid; acceptance needs finalSettlement { amount, reason }: what remains payable after acceptance and why (000 §四(三)1 资金结算方式)',
      ));
  it('with finalSettlement up to the unpaid remainder it is accepted and ContractCompleted v2 records it', () => {
    spec
      .given(halfPaid)
      .when(complete(settlement))
      .then([completedEvent(yuan(375_000), settlement)]);
    const less = { amount: 0, reason: '服务未达标部分不再支付' };
    spec
      .given(halfPaid)
      .when(complete(less))
      .then([completedEvent(yuan(375_000), less)]);
  });
  it('a settlement over the unpaid remainder is refused', () =>
    spec
      .given(halfPaid)
      .when(complete({ amount: yuan(375_000) + 1, reason: 'r' }))
      .thenThrows(
        'CONTRACT_MISMATCH',
        'finalSettlement of 375,000.01 CNY exceeds the unpaid remainder 375,000.00 CNY of contract C-2024-001',
      ));
  it('fully paid: no settlement needed; one of 0 is recorded, any more refused', () => {
    const paidUp = [...signed, paymentMade('PAY-1', yuan(750_000))];
    spec
      .given(paidUp)
      .when(complete())
      .then([completedEvent(yuan(750_000), null)]);
    spec
      .given(paidUp)
      .when(complete({ amount: 0, reason: '已结清' }))
      .then([completedEvent(yuan(750_000), { amount: 0, reason: '已结清' })]);
    spec
      .given(paidUp)
      .when(complete({ amount: 1, reason: 'r' }))
      .thenThrows('CONTRACT_MISMATCH', 'exceeds the unpaid remainder 0.00 CNY');
  });

  describe('payments after acceptance: up to the settlement (000 §四(五)2 按照合同约定向承接主体支付款项)', () => {
    const accepted = [...halfPaid, completedEvent(yuan(375_000), { amount: yuan(300_000), reason: '扣减未达标服务 75,000 元' })];
    const late = (paymentId: string, amount: number) => pay(paymentId, amount, 'final_payment', '2025-05-10');
    const latePaid = (paymentId: string, amount: number): PaymentMade => {
      const e = paymentMade(paymentId, amount);
      return { ...e, data: { ...e.data, paidAt: '2025-05-10', purpose: 'final_payment' } };
    };
    it('the settled amount may be paid, in one or more payments', () => {
      spec
        .given(accepted)
        .when(late('PAY-2', yuan(300_000)))
        .then([latePaid('PAY-2', yuan(300_000))]);
      const partly = [...accepted, paymentMade('PAY-2', yuan(200_000))];
      spec
        .given(partly)
        .when(late('PAY-3', yuan(100_000)))
        .then([latePaid('PAY-3', yuan(100_000))]);
    });
    it('one fen beyond the settlement is PAYMENT_EXCEEDS_CONTRACT, though under the contract amount', () =>
      spec
        .given(accepted)
        .when(late('PAY-2', yuan(300_000) + 1))
        .thenThrows(
          'PAYMENT_EXCEEDS_CONTRACT',
          'payment PAY-2 of 300,000.01 CNY exceeds what remains payable under contract C-2024-001 after its acceptance on 2025-04-20: 300,000.00 CNY of the final settlement of 300,000.00 CNY (000 §四(五)2)',
        ));
    it('what was paid since acceptance counts against the settlement', () =>
      spec
        .given([...accepted, paymentMade('PAY-2', yuan(200_000))])
        .when(late('PAY-3', yuan(100_000) + 1))
        .thenThrows(
          'PAYMENT_EXCEEDS_CONTRACT',
          'remains payable under contract C-2024-001 after its acceptance on 2025-04-20: 100,000.00 CNY',
        ));
    it('a completion without settlement (nothing unpaid, or before v2) pays nothing more: INVALID_STATE', () =>
      spec.given(completed).when(pay('PAY-1', 1)).thenThrows('INVALID_STATE', 'contract C-2024-001 is completed'));
  });
});

describe('takeover by the purchaser (000 §四(四)3; 001 §二(六): 及时启动预案; issue 15 item 13)', () => {
  const takeover = (activatedAt = '2024-09-02', reason = '承接主体连续 7 日未上门服务'): ContractCommand => ({
    type: 'ActivateTakeover',
    data: { contractId: 'C-2024-001', activatedAt, reason },
  });
  const activated: TakeoverActivated = {
    type: 'TakeoverActivated',
    schemaVersion: 2,
    data: {
      contractId: 'C-2024-001',
      projectId: 'P-2024-001',
      penaltyId: null,
      activatedAt: '2024-09-02',
      reason: '承接主体连续 7 日未上门服务',
    },
  };
  it('an active contract: TakeoverActivated v2 with the reason and no penalty; the contract stays active', () => {
    spec.given(signed).when(takeover()).then([activated]);
    // Still active: payments and completion go on under the contract (the takeover does not end it).
    spec
      .given([...signed, activated])
      .when(pay('PAY-1', 1))
      .then([paymentMade('PAY-1', 1)]);
  });
  it('a contract signed before the plan was recorded (takeoverPlan null) may still record its takeover', () =>
    spec
      .given([contractSigned({ takeoverPlan: null })])
      .when(takeover())
      .then([activated]));
  it('once: a second takeover is INVALID_STATE', () =>
    spec
      .given([...signed, activated])
      .when(takeover('2024-10-01'))
      .thenThrows('INVALID_STATE', 'the takeover plan of contract C-2024-001 was already activated on 2024-09-02'));
  it('completed or terminated: INVALID_STATE; unknown: NOT_FOUND', () => {
    spec
      .given(completed)
      .when(takeover())
      .thenThrows('INVALID_STATE', 'cannot activate its takeover plan: contract C-2024-001 is completed');
    spec.given(terminated).when(takeover()).thenThrows('INVALID_STATE', 'contract C-2024-001 is terminated');
    spec.given([]).when(takeover()).thenThrows('NOT_FOUND');
  });
  it('dated before the signing: DATE_OUT_OF_ORDER', () =>
    spec
      .given(signed)
      .when(takeover('2024-04-09'))
      .thenThrows(
        'DATE_OUT_OF_ORDER',
        'takeover activated on 2024-04-09, before contract C-2024-001 was signed (2024-04-10) (000 §四(四)3)',
      ));
});
