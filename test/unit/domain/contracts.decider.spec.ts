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
import type { ContractEvent, PaymentMade } from '../../../events';
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
    schemaVersion: 1,
    data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: '验收合格', paid: 0 },
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
  it('pay before the contract (none), after termination or completion: INVALID_STATE / NOT_FOUND', () => {
    spec.given([]).when(pay('PAY-1', 1)).thenThrows('NOT_FOUND');
    spec.given(terminated).when(pay('PAY-1', 1)).thenThrows('INVALID_STATE', 'contract C-2024-001 is terminated');
    spec.given(completed).when(pay('PAY-1', 1)).thenThrows('INVALID_STATE', 'contract C-2024-001 is completed');
    spec
      .given(signed)
      .when(pay('PAY-1', 1, 'service_fee', '2024-04-09'))
      .thenThrows('INVALID_STATE', 'before contract C-2024-001 was signed (2024-04-10)');
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
      .given([...signed, paymentMade('PAY-1', 100)])
      .when(complete)
      .then([
        {
          type: 'ContractCompleted',
          schemaVersion: 1,
          data: { contractId: 'C-2024-001', acceptedAt: '2025-05-10', report: '验收合格', paid: 100 },
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
