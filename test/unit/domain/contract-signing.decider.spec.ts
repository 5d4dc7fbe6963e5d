import { contractDecider } from '../../../src/contracts/domain/contracts.decider';
import { contractorDecider } from '../../../src/contractors/domain/contractors.decider';
import { projectDecider, type ProjectCommand } from '../../../src/projects/domain/projects.decider';
import { JILIN_2020 } from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';
import type { ContractEvent, ContractorEvent } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import {
  CONTRACTOR,
  contractorAwarded,
  contractorRegistered,
  contractSigned,
  OTHER_CONTRACTOR,
  projectContracted,
  projectRegistered,
  tenderPublished,
} from './fixtures';
import { budgetYears, laterYearReserved, released, sign } from './multi-year.fixtures';

/** Signing: ContractSigned starts contract-<contractId>; ProjectContracted marks project-<projectId>. */
const spec = (contractEvents: ContractEvent[] = []) =>
  DeciderSpecification.for({
    ...projectDecider,
    decide: (c: ProjectCommand, s) =>
      projectDecider.decide(c, s, JILIN_2020, { contract: fold(contractDecider, contractEvents), budgetYears: budgetYears() }),
  });
const awarded = [projectRegistered(), tenderPublished(), contractorAwarded()];
const half = yuan(375_000);
/** The default schedule's 2025 instalment counts in 2025 (000 §四(三)3; multi-year.decider.spec.ts). */
const later = () => [laterYearReserved(half), released(2024, half)];

/** The decision when the signed terms equal the fixture's except for the term fields. */
const signedWith = (over: { startDate?: string; endDate?: string; extendedTermJustification?: string }) => [
  contractSigned(over),
  projectContracted(),
  ...later(),
];

describe('signing the contract — 000 §四(三)', () => {
  it('signs what was awarded: contract stream + project marker', () =>
    spec()
      .given(awarded)
      .when(sign({ internalNote: '合同原件存档' }))
      .then([{ ...contractSigned(), private: { internalNote: '合同原件存档' } }, projectContracted(), ...later()]));

  it('before the award: INVALID_STATE; a second contract: INVALID_STATE; the same contract id: ALREADY_EXISTS; dated before the award: DATE_OUT_OF_ORDER', () => {
    spec().given([projectRegistered(), tenderPublished()]).when(sign()).thenThrows('INVALID_STATE', 'has no award yet');
    spec()
      .given([...awarded, projectContracted('C-OTHER')])
      .when(sign())
      .thenThrows('INVALID_STATE', 'already has contract C-OTHER');
    spec([contractSigned()]).given(awarded).when(sign()).thenThrows('ALREADY_EXISTS', 'contract C-2024-001 already exists');
    spec().given([]).when(sign()).thenThrows('NOT_FOUND');
    spec()
      .given(awarded)
      .when(sign({ signedAt: '2024-03-31' }))
      .thenThrows('DATE_OUT_OF_ORDER', 'before the award');
  });
});

describe('CONTRACT_MISMATCH — 000 §四(三)1', () => {
  it('amount differs from the award', () =>
    spec()
      .given(awarded)
      .when(sign({ amount: yuan(750_000) + 1, paymentSchedule: [{ dueDate: '2024-05-15', amount: yuan(750_000) + 1 }] }))
      .thenThrows('CONTRACT_MISMATCH', 'amount 750,000.01 CNY differs from the award 750,000.00 CNY by 0.01 CNY'));
  it('another party than the awarded contractor', () =>
    spec()
      .given(awarded)
      .when(sign({ contractorUscc: OTHER_CONTRACTOR }))
      .thenThrows('CONTRACT_MISMATCH', `the award went to ${CONTRACTOR}`));
  it('the awarded party named explicitly is fine', () =>
    spec()
      .given(awarded)
      .when(sign({ contractorUscc: CONTRACTOR }))
      .then(signedWith({})));
  it('schedule one fen short or over fails', () => {
    spec()
      .given(awarded)
      .when(
        sign({
          paymentSchedule: [
            { dueDate: '2024-05-15', amount: half },
            { dueDate: '2025-04-15', amount: half - 1 },
          ],
        }),
      )
      .thenThrows(
        'CONTRACT_MISMATCH',
        'payment schedule sums to 749,999.99 CNY over 2 instalment(s), not the amount 750,000.00 CNY (difference -0.01 CNY)',
      );
    spec()
      .given(awarded)
      .when(
        sign({
          paymentSchedule: [
            { dueDate: '2024-05-15', amount: half + 1 },
            { dueDate: '2025-04-15', amount: half },
          ],
        }),
      )
      .thenThrows('CONTRACT_MISMATCH', '(difference 0.01 CNY)');
  });
  describe('instalments inside the term (issue 15 item 12): the payment terms fall within the contract term', () => {
    const schedule = (first: string, second: string) => ({
      paymentSchedule: [
        { dueDate: first, amount: half },
        { dueDate: second, amount: half },
      ],
    });
    it('an instalment due after endDate is refused, naming it', () =>
      spec()
        .given(awarded)
        .when(sign(schedule('2024-05-15', '2025-05-01')))
        .thenThrows(
          'CONTRACT_MISMATCH',
          'contract C-2024-001 instalment 2 of 375,000.00 CNY is due on 2025-05-01, outside the term 2024-05-01 … 2025-04-30 (000 §四(三)1)',
        ));
    it('an instalment due before startDate is refused, naming it', () =>
      spec()
        .given(awarded)
        .when(sign(schedule('2024-04-30', '2025-04-15')))
        .thenThrows('CONTRACT_MISMATCH', 'instalment 1 of 375,000.00 CNY is due on 2024-04-30, outside the term 2024-05-01 … 2025-04-30'));
    it('instalments due on the first and the last day of the term pass', () =>
      spec()
        .given(awarded)
        .when(sign(schedule('2024-05-01', '2025-04-30')))
        .then([contractSigned(schedule('2024-05-01', '2025-04-30')), projectContracted(), ...later()]));
  });
  it('end before start', () =>
    spec()
      .given(awarded)
      .when(sign({ startDate: '2024-05-01', endDate: '2024-04-30' }))
      .thenThrows('CONTRACT_MISMATCH', 'ends (2024-04-30) before it starts'));
});

describe('CONTRACT_TERM_TOO_LONG — 000 §四(三)2–3 (terms are inclusive; see src/shared/domain/dates.ts)', () => {
  it('exactly 12 months passes without justification', () =>
    spec()
      .given(awarded)
      .when(sign({ startDate: '2024-05-01', endDate: '2025-04-30' }))
      .then(signedWith({ startDate: '2024-05-01', endDate: '2025-04-30' })));
  it('12 months + 1 day fails without justification', () =>
    spec()
      .given(awarded)
      .when(sign({ startDate: '2024-05-01', endDate: '2025-05-01' }))
      .thenThrows(
        'CONTRACT_TERM_TOO_LONG',
        'term 2024-05-01 … 2025-05-01 is 12 months + 1 day (the 12-month term ends 2025-04-30); longer than 12 months (up to 36) needs extendedTermJustification (000 §四(三)2–3)',
      ));
  it('exactly 36 months with justification passes', () => {
    const over = {
      startDate: '2024-05-01',
      endDate: '2027-04-30',
      extendedTermJustification: '内容固定、连续性强、经费来源稳定 (000 §四(三)3)',
    };
    spec().given(awarded).when(sign(over)).then(signedWith(over));
  });
  it('36 months + 1 day fails even with justification', () =>
    spec()
      .given(awarded)
      .when(sign({ startDate: '2024-05-01', endDate: '2027-05-01', extendedTermJustification: '连续服务' }))
      .thenThrows(
        'CONTRACT_TERM_TOO_LONG',
        'is 36 months + 1 day (the 36-month term ends 2027-04-30); no contract may run longer than 36 months',
      ));
  it('a blank justification does not count', () =>
    spec()
      .given(awarded)
      .when(sign({ endDate: '2026-04-30', extendedTermJustification: ' ' }))
      .thenThrows('CONTRACT_TERM_TOO_LONG', 'needs extendedTermJustification'));
});

describe('signing: CONTRACTOR_NOT_ELIGIBLE for a contractor debarred on the signing date — 000 §四(四)4', () => {
  const withContractor = (contractorEvents: ContractorEvent[]) =>
    DeciderSpecification.for({
      ...projectDecider,
      decide: (c: ProjectCommand, s) =>
        projectDecider.decide(c, s, JILIN_2020, {
          contract: fold(contractDecider, []),
          contractor: fold(contractorDecider, contractorEvents),
          budgetYears: budgetYears(),
        }),
    });
  const debarment = (from: string, until: string): ContractorEvent => ({
    type: 'ContractorDebarred',
    schemaVersion: 2,
    data: { uscc: CONTRACTOR, penaltyId: 'X-1', contractId: 'C-0', from, until, decidedAt: from, grounds: 'serious_violation' },
  });

  it('a debarment that began after the award still stops the signing, through its last day', () => {
    withContractor([contractorRegistered(), debarment('2024-04-05', '2024-04-10')])
      .given(awarded)
      .when(sign())
      .thenThrows(
        'CONTRACTOR_NOT_ELIGIBLE',
        'debarred from 2024-04-05 until 2024-04-10 (penalty X-1); the signing date 2024-04-10 falls within it',
      );
  });
  it('signs the day after the debarment ends', () =>
    withContractor([contractorRegistered(), debarment('2024-04-01', '2024-04-09')])
      .given(awarded)
      .when(sign())
      .then([contractSigned(), projectContracted(), ...later()]));
});

describe('takeoverPlan (issue 15 item 13; 000 §四(四)3, 001 §二(六): 制定临时接管预案)', () => {
  it('ContractSigned v2 records the plan as signed', () =>
    spec()
      .given(awarded)
      .when(sign({ takeoverPlan: '由区社工站 24 小时内接管' }))
      .then([contractSigned({ takeoverPlan: '由区社工站 24 小时内接管' }), projectContracted(), ...later()]));
});
