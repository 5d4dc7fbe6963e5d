import { expect } from '@jest/globals';
import { budgetDecider } from '../../../src/budgets/domain/budgets.decider';
import { fundsDecider } from '../../../src/funds/domain/funds.decider';
import { projectDecider, type ProjectCommand } from '../../../src/projects/domain/projects.decider';
import { JILIN_2020, type PolicyPack } from '../../../src/policy';
import { assertNotInTheFuture, happenedOnDates } from '../../../src/shared/domain/business-dates';
import { RuleViolation } from '../../../src/shared/domain/rule-violation';
import { DeciderSpecification, fold } from '../../support/decider-spec';
import { FUND_BASE, fundAllocated, projectRegistered, tenderPublished } from './fixtures';

/**
 * One meaning of time (issue 15; DOMAIN.md DATE_OUT_OF_ORDER "business dates in lifecycle order … and not in the
 * future"; API.md "Conventions": every fact carries the business date its caller states).
 */
const spec = (policy: PolicyPack, context: unknown = undefined) =>
  DeciderSpecification.for({ ...projectDecider, decide: (c: ProjectCommand, s) => projectDecider.decide(c, s, policy, context as never) });

const context = { budget: fold(budgetDecider, []), fundBase: fold(fundsDecider, [fundAllocated('220100', 2024, FUND_BASE)]) };
const register = (registeredOn: string): ProjectCommand => ({
  type: 'RegisterProject',
  data: {
    projectId: 'P-2024-001',
    region: '220100',
    fiscalYear: 2024,
    purchaser: { code: '220100-MZJ', name: '长春市民政局' },
    title: 't',
    category: 'service.care',
    budget: 1,
    registeredOn,
  },
});

describe('DATE_OUT_OF_ORDER — registration: a FY2024 project is registered on or after 2023-01-01 (consistency)', () => {
  it('records the date the purchaser states, and reserves the budget on it', () => {
    const [registered, reserved] = projectDecider.decide(register('2023-01-01'), projectDecider.initialState(), JILIN_2020, context);
    expect(registered).toMatchObject({ type: 'ProjectRegistered', schemaVersion: 2, data: { registeredOn: '2023-01-01' } });
    expect(reserved).toMatchObject({ type: 'BudgetReserved', data: { reservedAt: '2023-01-01' } });
  });
  it('refuses 2022-12-31, two years before the fiscal year', () =>
    spec(JILIN_2020, context)
      .given([])
      .when(register('2022-12-31'))
      .thenThrows('DATE_OUT_OF_ORDER', 'registeredOn 2022-12-31 is before 2023-01-01'));
});

describe('DATE_OUT_OF_ORDER — tender ≥ registration', () => {
  const { approval: _a, publicNotice: _p, ...data } = tenderPublished({}, 'competitive_consultation').data;
  const tender = (publishedAt: string): ProjectCommand => ({
    type: 'PublishTender',
    data: { ...data, evaluationStandards: '按季度评价', publishedAt },
  });
  it('a tender dated the day of the registration is in order', () =>
    spec(JILIN_2020)
      .given([projectRegistered({ registeredOn: '2024-03-01' })])
      .when(tender('2024-03-01'))
      .then([tenderPublished({ publishedAt: '2024-03-01', evaluationStandards: '按季度评价' }, 'competitive_consultation')]));
  it('a tender dated the day before is refused', () =>
    spec(JILIN_2020)
      .given([projectRegistered({ registeredOn: '2024-03-01' })])
      .when(tender('2024-02-29'))
      .thenThrows('DATE_OUT_OF_ORDER', 'publishedAt 2024-02-29 is before the registration of project P-2024-001 (2024-03-01)'));
});

describe('DATE_OUT_OF_ORDER — no fact dated in the future (today in China Standard Time, one day of tolerance)', () => {
  const paid = (paidAt: string) => [
    { type: 'PaymentMade', data: { contractId: 'C1', paymentId: 'p', amount: 1, paidAt, purpose: 'service_fee' } },
  ];
  it('today and tomorrow pass; the day after tomorrow is refused, naming the field', () => {
    expect(() => assertNotInTheFuture(paid('2026-11-29'), '2026-11-29')).not.toThrow();
    expect(() => assertNotInTheFuture(paid('2026-11-30'), '2026-11-29')).not.toThrow();
    expect(() => assertNotInTheFuture(paid('2026-12-01'), '2026-11-29')).toThrow(
      new RuleViolation(
        'DATE_OUT_OF_ORDER',
        'paidAt 2026-12-01 is in the future: today is 2026-11-29 (China Standard Time), and a business date may be at most 1 day ahead',
      ),
    );
  });
  it('reads the dates a fact happened on, nested ones too, and leaves periods and deadlines alone', () => {
    const data = {
      publishedAt: '2024-03-01',
      approval: { authority: 'a', reference: 'r', approvedOn: '2024-02-20' },
      debarment: { from: '2024-07-01', until: '2099-06-30' },
      endDate: '2099-12-31',
      publishedUntil: '2099-06-30',
      paymentSchedule: [{ dueDate: '2099-01-01', amount: 1 }],
      registeredAt: 'not a date',
    };
    expect(happenedOnDates(data)).toEqual([
      { field: 'publishedAt', date: '2024-03-01' },
      { field: 'approval.approvedOn', date: '2024-02-20' },
    ]);
  });
});
