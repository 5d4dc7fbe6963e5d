import { expect } from '@jest/globals';
import { budgetDecider } from '../../../src/budgets/domain/budgets.decider';
import { releaseOnTermination, type BudgetYears } from '../../../src/budgets/domain/multi-year';
import { contractDecider } from '../../../src/contracts/domain/contracts.decider';
import { authorityRegister, penaltyDecider, type ImposePenalty } from '../../../src/penalties/domain/penalties.decider';
import { projectDecider, type ProjectCommand, type SignContract } from '../../../src/projects/domain/projects.decider';
import { INNER_MONGOLIA_2023, JILIN_2020, type PolicyPack } from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import {
  budgetReserved,
  contractorAwarded,
  contractSigned,
  paymentMade,
  projectContracted,
  projectRegistered,
  tenderPublished,
  violationRecorded,
} from './fixtures';
import { budgetYears, fundBase, laterYearReserved, released, sign, SOURCE_2025 } from './multi-year.fixtures';

/**
 * Multi-year contracts and the cap — 000 §四(三)2–3 (a term of up to 3 years "在预算保障的前提下") and the cap of
 * 000 §五 / 003 §一(三): each instalment counts against the cap of the fiscal year it falls due in; each later
 * year needs its budget source (BUDGET_SOURCE_REQUIRED); a termination releases every year's unused reservation.
 * Fixtures: project P-2024-001, Changchun FY2024, budget 800,000.00 CNY; contract of 750,000.00 CNY.
 */
const half = yuan(375_000);
const awarded = [projectRegistered(), tenderPublished(), contractorAwarded()];
const spec = (years: BudgetYears = budgetYears(), policy: PolicyPack = JILIN_2020) =>
  DeciderSpecification.for({
    ...projectDecider,
    decide: (c: ProjectCommand, s) => projectDecider.decide(c, s, policy, { contract: fold(contractDecider, []), budgetYears: years }),
  });
const signed = [contractSigned(), projectContracted()];

describe('BUDGET_SOURCE_REQUIRED — 000 §四(三)3 (在预算保障的前提下)', () => {
  it('an instalment due after the fiscal year needs that year’s budget source', () => {
    spec()
      .given(awarded)
      .when(sign({ budgetSources: undefined }))
      .thenThrows('BUDGET_SOURCE_REQUIRED', "instalments fall due in fiscal year 2025 after the project's fiscal year 2024");
    spec()
      .given(awarded)
      .when(sign({ budgetSources: undefined }))
      .thenThrows('BUDGET_SOURCE_REQUIRED', '000 §四(三)3');
  });
  it('names exactly the later years with instalments: not one without, not the project’s own year, not twice', () => {
    const stray = (budgetSources: SignContract['data']['budgetSources']) =>
      spec()
        .given(awarded)
        .when(sign({ budgetSources }))
        .thenThrows('BUDGET_SOURCE_REQUIRED', 'without instalments due after 2024, or twice');
    stray([
      { fiscalYear: 2025, reference: SOURCE_2025 },
      { fiscalYear: 2026, reference: SOURCE_2025 },
    ]);
    stray([
      { fiscalYear: 2025, reference: SOURCE_2025 },
      { fiscalYear: 2024, reference: '2024 年预算' },
    ]);
    stray([
      { fiscalYear: 2025, reference: SOURCE_2025 },
      { fiscalYear: 2025, reference: '另一文件' },
    ]);
    spec()
      .given(awarded)
      .when(sign({ paymentSchedule: [{ dueDate: '2024-12-31', amount: yuan(750_000) }] }))
      .thenThrows('BUDGET_SOURCE_REQUIRED', 'fiscal year 2025 without instalments due after 2024');
  });
  it('a one-year contract reserves nothing more and states no source', () =>
    spec({ budgets: {}, fundBases: {} })
      .given(awarded)
      .when(sign({ paymentSchedule: [{ dueDate: '2024-12-31', amount: yuan(750_000) }], budgetSources: undefined }))
      .then([contractSigned({ paymentSchedule: [{ dueDate: '2024-12-31', amount: yuan(750_000) }] }), projectContracted()]));
  it('an instalment due before the fiscal year has no reserved budget: DATE_OUT_OF_ORDER', () =>
    spec()
      .given(awarded)
      .when(
        sign({
          startDate: '2023-12-01',
          endDate: '2024-11-30',
          paymentSchedule: [
            { dueDate: '2023-12-31', amount: half },
            { dueDate: '2024-11-15', amount: half },
          ],
          budgetSources: [],
        }),
      )
      .thenThrows('DATE_OUT_OF_ORDER', 'instalment due 2023-12-31 falls before fiscal year 2024'));
});

describe('each instalment counts against the cap of its own year — 000 §五, 003 §一(三)', () => {
  it('2025’s instalments are reserved in 2025 and released from 2024 (the FY cap counts only what falls due in 2024)', () =>
    spec()
      .given(awarded)
      .when(sign())
      .then([...signed, laterYearReserved(half), released(2024, half)]));
  it('2025 funds allocated (Jilin: the same year’s base): judged against 2025’s cap, refused over it', () => {
    // 2025 base 50,000,000.00 → cap 1,000,000.00; another project already holds 700,000.00 of it.
    const held = (amount: number) =>
      budgetYears({
        budgets: { 2025: fold(budgetDecider, [budgetReserved('220100', 2025, 'P-2025-009', amount)]) },
        fundBases: { 2025: fundBase(2025, yuan(50_000_000)) },
      });
    spec(held(yuan(625_000)))
      .given(awarded)
      .when(sign())
      .then([...signed, laterYearReserved(half, { fundBase: yuan(50_000_000), cap: yuan(1_000_000) }), released(2024, half)]);
    spec(held(yuan(700_000)))
      .given(awarded)
      .when(sign())
      .thenThrows('BUDGET_CAP_EXCEEDED', 'would bring 220100/2025 reservations from 700,000.00 CNY to 1,075,000.00 CNY');
  });
  it('2025 funds not allocated yet: accepted on the budget source, fundBase and cap null (nothing to judge against)', () =>
    spec(budgetYears({ fundBases: {} }))
      .given(awarded)
      .when(sign())
      .then([...signed, laterYearReserved(half, { fundBase: null, cap: null }), released(2024, half)]));
  it('Inner Mongolia judges 2025 against the previous year’s (2024) funds', () => {
    const years = budgetYears({ fundBases: { 2025: fundBase(2024, yuan(10_000_000)) } });
    // 2% of 10,000,000.00 = 200,000.00 < 375,000.00.
    spec(years, INNER_MONGOLIA_2023).given(awarded).when(sign()).thenThrows('BUDGET_CAP_EXCEEDED', '(220100/2024, the previous year)');
  });
});

describe('termination releases every year’s unused reservation — 000 §四(三)3, 000 §五', () => {
  const multiYear = budgetYears({
    fy: [budgetReserved('220100', 2024, 'P-2024-001', yuan(800_000)), released(2024, half)],
    budgets: { 2025: fold(budgetDecider, [laterYearReserved(half)]) },
  });
  const contract = contractSigned();

  it('300,000.00 paid against 2024: 2024 keeps what was paid (releases 125,000.00 incl. the award’s saving), 2025 releases all', () =>
    expect(releaseOnTermination(contract.data, yuan(300_000), '2024-07-01', multiYear)).toEqual([
      released(2024, yuan(125_000), 'contract_terminated', '2024-07-01'),
      released(2025, half, 'contract_terminated', '2024-07-01'),
    ]));
  it('payments settle the earliest instalments first: 450,000.00 paid uses all of 2024 and 75,000.00 of 2025', () =>
    expect(releaseOnTermination(contract.data, yuan(450_000), '2024-07-01', multiYear)).toEqual([
      released(2024, yuan(50_000), 'contract_terminated', '2024-07-01'),
      released(2025, yuan(300_000), 'contract_terminated', '2024-07-01'),
    ]));
  it('a contract that reserved no later year (signed before multi-year reservations): FY releases all but what was paid', () =>
    expect(releaseOnTermination(contract.data, yuan(300_000), '2024-07-01', budgetYears())).toEqual([
      released(2024, yuan(500_000), 'contract_terminated', '2024-07-01'),
    ]));
  it('never below zero: nothing left to release is no event', () =>
    expect(releaseOnTermination(contract.data, yuan(750_000), '2024-07-01', multiYear)).toEqual([
      released(2024, yuan(50_000), 'contract_terminated', '2024-07-01'),
    ]));
  it('the penalty that terminates appends the releases in its own decision', () => {
    const command: ImposePenalty = {
      type: 'ImposePenalty',
      data: {
        penaltyId: 'X-1',
        contractId: 'C-2024-001',
        violationIds: ['V-1'],
        decidedAt: '2024-07-01',
        decisionNumber: '长民罚决字〔2024〕第1号',
        legalBasis: '《吉林省政府购买社会救助服务操作指南》第四条第（四）项',
        facts: '伪造入户调查记录',
        penaltyCategories: ['fine'],
        content: '解除合同',
        authority: { name: '长春市民政局', uscc: '11220100MB1234567K' },
        terminateContract: true,
      },
    };
    const events = penaltyDecider.decide(command, penaltyDecider.initialState(), {
      contract: fold(contractDecider, [contract, paymentMade('PAY-1', yuan(300_000)), violationRecorded('V-1')]),
      authority: authorityRegister.initialState(),
      budgetYears: multiYear,
    });
    expect(events.filter((e) => e.type === 'BudgetReleased')).toEqual([
      released(2024, yuan(125_000), 'contract_terminated', '2024-07-01'),
      released(2025, half, 'contract_terminated', '2024-07-01'),
    ]);
    expect(events.find((e) => e.type === 'ContractTerminated')?.data).toMatchObject({ paid: yuan(300_000), unpaid: yuan(450_000) });
  });
});
