import { expect } from '@jest/globals';
import { fundsDecider } from '../../../src/funds/domain/funds.decider';
import { projectDecider, type ProjectCommand } from '../../../src/projects/domain/projects.decider';
import { budgetDecider } from '../../../src/budgets/domain/budgets.decider';
import { INNER_MONGOLIA_2023, JILIN_2020, NATIONAL_DEFAULT, policyFor, type PolicyPack } from '../../../src/policy';
import { yuan } from '../../../src/shared/domain/money';
import type { BudgetReserved, FundAllocated } from '../../../events';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { budgetReserved, CAP, FUND_BASE, fundAllocated, projectRegistered } from './fixtures';

describe('funds decider', () => {
  const spec = DeciderSpecification.for(fundsDecider);
  const allocate = {
    type: 'AllocateFund',
    data: {
      region: '220100',
      fiscalYear: 2024,
      source: 'central',
      amount: FUND_BASE,
      reference: '财社〔2024〕1号',
      internalNote: '年初预拨',
    },
  } as const;

  it('records an allocation, the note in the private part', () =>
    spec
      .given([])
      .when(allocate)
      .then([{ ...fundAllocated('220100', 2024, FUND_BASE, 'central', '财社〔2024〕1号'), private: { internalNote: '年初预拨' } }]));
  it('refuses the same allocation document twice (ALREADY_EXISTS)', () =>
    spec
      .given([fundAllocated('220100', 2024, 1, 'central', '财社〔2024〕1号')])
      .when(allocate)
      .thenThrows('ALREADY_EXISTS', '财社〔2024〕1号'));
  it('accepts the same reference from the other source', () =>
    spec
      .given([fundAllocated('220100', 2024, 1, 'provincial', '财社〔2024〕1号')])
      .when(allocate)
      .then([{ ...fundAllocated('220100', 2024, FUND_BASE, 'central', '财社〔2024〕1号'), private: { internalNote: '年初预拨' } }]));
});

/** Project registration = ProjectRegistered + BudgetReserved on budget-<region>-<fiscalYear>, judged on that budget's state. */
function registration(policy: PolicyPack, fundEvents: FundAllocated[], reservations: BudgetReserved[]) {
  const context = { budget: fold(budgetDecider, reservations), fundBase: fold(fundsDecider, fundEvents) };
  return DeciderSpecification.for({
    ...projectDecider,
    decide: (c: ProjectCommand, s) => projectDecider.decide(c, s, policy, context),
  }).given([]);
}
const register = (over: Partial<Extract<ProjectCommand, { type: 'RegisterProject' }>['data']> = {}): ProjectCommand => ({
  type: 'RegisterProject',
  data: {
    projectId: 'P-2024-001',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    title: '低保家庭家计调查',
    category: 'affairs.means_test',
    budget: yuan(800_000),
    registeredOn: '2024-03-01',
    ...over,
  },
});

describe('budget cap (BUDGET_CAP_EXCEEDED, NO_FUND_BASE) — 000 §五, 003 §一(三)', () => {
  const jlFunds = [
    fundAllocated('220100', 2024, yuan(30_000_000), 'central'),
    fundAllocated('220100', 2024, yuan(20_000_000), 'provincial'),
  ];
  const earlier = [budgetReserved('220100', 2024, 'P-0', yuan(200_000))];

  it('exactly 2% of the fund base passes', () =>
    registration(JILIN_2020, jlFunds, earlier)
      .when(register({ budget: CAP - yuan(200_000) }))
      .then([projectRegistered({ budget: CAP - yuan(200_000) }), budgetReserved('220100', 2024, 'P-2024-001', CAP - yuan(200_000))]));

  it('one fen more fails, saying by how much', () => {
    registration(JILIN_2020, jlFunds, earlier)
      .when(register({ budget: CAP - yuan(200_000) + 1 }))
      .thenThrows(
        'BUDGET_CAP_EXCEEDED',
        'budget 800,000.01 CNY would bring 220100/2024 reservations from 200,000.00 CNY to 1,000,000.01 CNY, 2.0001% of the fund base ' +
          '50,000,000.00 CNY (220100/2024, the same year); the cap is 2% = 1,000,000.00 CNY, exceeded by 0.01 CNY (jl-2020, 000 §五, 001 §三(四))',
      );
  });

  it('reports the percentage reached for a larger excess', () =>
    registration(JILIN_2020, jlFunds, [])
      .when(register({ budget: yuan(1_200_000) }))
      .thenThrows('BUDGET_CAP_EXCEEDED', 'to 1,200,000.00 CNY, 2.4% of the fund base 50,000,000.00 CNY'));

  it('Jilin uses the same year: previous-year funds alone are no base', () =>
    registration(JILIN_2020, [], [])
      .when(register())
      .thenThrows('NO_FUND_BASE', 'no central or provincial fund allocation is recorded for 220100/2024'));

  it('Inner Mongolia uses the previous year: 2023 funds are the base of fiscal 2024', () => {
    const policy = policyFor('150100', '2024-03-01');
    expect(policy).toBe(INNER_MONGOLIA_2023);
    const cmd = register({ region: '150100', budget: CAP });
    registration(policy, [fundAllocated('150100', 2023, FUND_BASE)], [])
      .when(cmd)
      .then([
        projectRegistered({ region: '150100', budget: CAP, policyId: 'nm-2023' }),
        budgetReserved('150100', 2024, 'P-2024-001', CAP, INNER_MONGOLIA_2023, FUND_BASE, 2023),
      ]);
    registration(policy, [fundAllocated('150100', 2023, FUND_BASE)], [])
      .when(register({ region: '150100', budget: CAP + 1 }))
      .thenThrows('BUDGET_CAP_EXCEEDED', '(150100/2023, the previous year)');
  });

  it('Inner Mongolia without previous-year funds: NO_FUND_BASE, even with same-year funds', () => {
    const budget = fold(budgetDecider, []);
    expect(() =>
      budgetDecider.decide(
        { type: 'ReserveBudget', data: { region: '150100', fiscalYear: 2024, projectId: 'P', amount: 1, reservedAt: '2024-03-01' } },
        budget,
        INNER_MONGOLIA_2023,
        { fundBase: fold(fundsDecider, []) },
      ),
    ).toThrow(expect.objectContaining({ code: 'NO_FUND_BASE' }));
  });

  it('funds of the wrong year handed as context are a shell bug, not a rule', () => {
    expect(() =>
      registration(INNER_MONGOLIA_2023, [fundAllocated('150100', 2024, FUND_BASE)], [])
        .when(register({ region: '150100' }))
        .then([]),
    ).toThrow(/the base is 150100\/2023/);
  });

  it('an earlier date stays judged by the pack then in force (IM before 2023-02-22: same year)', () => {
    const policy = policyFor('150100', '2023-02-21');
    expect(policy).toBe(NATIONAL_DEFAULT);
    registration(policy, [fundAllocated('150100', 2023, FUND_BASE)], [])
      .when(register({ region: '150100', fiscalYear: 2023, registeredOn: '2023-02-21', budget: CAP }))
      .then([
        projectRegistered({ region: '150100', fiscalYear: 2023, registeredOn: '2023-02-21', budget: CAP, policyId: 'cn-default-2012' }),
        {
          ...budgetReserved('150100', 2023, 'P-2024-001', CAP, NATIONAL_DEFAULT),
          data: { ...budgetReserved('150100', 2023, 'P-2024-001', CAP, NATIONAL_DEFAULT).data, reservedAt: '2023-02-21' },
        },
      ]);
    // on 2023-02-22 the base is 2022: the shell loads fund-150100-2022, which holds nothing
    registration(policyFor('150100', '2023-02-22'), [], [])
      .when(register({ region: '150100', fiscalYear: 2023, registeredOn: '2023-02-22', budget: CAP }))
      .thenThrows('NO_FUND_BASE', '150100/2022');
  });

  it('two registrations that each fit alone: once the first is on the budget stream, the re-decided second is refused', () => {
    const six = yuan(600_000);
    registration(JILIN_2020, jlFunds, [])
      .when(register({ projectId: 'P-A', budget: six }))
      .then([projectRegistered({ projectId: 'P-A', budget: six }), budgetReserved('220100', 2024, 'P-A', six)]);
    // The shell's append of P-B (decided on the same budget version) conflicts; it reloads and decides again:
    registration(JILIN_2020, jlFunds, [budgetReserved('220100', 2024, 'P-A', six)])
      .when(register({ projectId: 'P-B', budget: six }))
      .thenThrows('BUDGET_CAP_EXCEEDED', 'from 600,000.00 CNY to 1,200,000.00 CNY');
  });

  it('the budget state refuses a second reservation for the same project', () =>
    registration(JILIN_2020, jlFunds, [budgetReserved('220100', 2024, 'P-2024-001', 1)])
      .when(register())
      .thenThrows('ALREADY_EXISTS'));
});
