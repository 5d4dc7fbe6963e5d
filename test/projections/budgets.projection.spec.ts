import {
  budgetsProjection,
  type BudgetContractRow,
  type BudgetProjectRow,
  type BudgetRow,
} from '../../projections/budgets/budgets.projection';
import { COMPLETION_C2, ev, expectReplayable, P1_HISTORY, P2_UNANNOUNCED, rowOf, rowsOf } from './fixtures/lifecycle';

const KEY = 'budget:220100:2024';
const budget = (events: Parameters<typeof rowsOf>[1]): BudgetRow => rowOf<BudgetRow>(rowsOf(budgetsProjection, events), KEY);
const M = 1_000_000; // 10,000.00 CNY in fen

describe('budgets projection', () => {
  it('given funds, two projects, two contracts, payments and a termination: consumption by category and purchaser', () => {
    const row = budget([...P1_HISTORY, ...P2_UNANNOUNCED]);
    expect(row).toMatchObject({
      kind: 'budget',
      region: '220100',
      fiscalYear: 2024,
      funds: {
        central: 5_000 * M,
        provincial: 1_000 * M,
        total: 6_000 * M,
        allocations: [
          { source: 'central', amount: 5_000 * M, reference: '财社〔2024〕12号', position: 1 },
          { source: 'provincial', amount: 1_000 * M, position: 2 },
        ],
      },
      reserved: 100 * M,
      committed: 37.5 * M + 18 * M,
      paid: 37.5 * M + 5 * M,
      released: 37.5 * M,
      byCategory: {
        'affairs.means_test': { reserved: 80 * M, committed: 37.5 * M, paid: 37.5 * M },
        'service.care': { reserved: 20 * M, committed: 18 * M, paid: 5 * M },
      },
      byPurchaser: {
        '220100-MZJ': { name: '长春市民政局', reserved: 80 * M, committed: 37.5 * M, paid: 37.5 * M },
        '220102-JD': { name: '南关区街道办事处', reserved: 20 * M, committed: 18 * M, paid: 5 * M },
      },
    });
    expect(row).not.toHaveProperty('cap');
  });

  it('commits a signed contract in full and releases only the unpaid remainder when it is terminated', () => {
    const beforeTermination = budget(P1_HISTORY.slice(0, 16));
    expect(beforeTermination).toMatchObject({ committed: 75 * M, paid: 37.5 * M, released: 0 });
    const rows = rowsOf(budgetsProjection, P1_HISTORY);
    expect(rowOf<BudgetRow>(rows, KEY)).toMatchObject({ committed: 37.5 * M, paid: 37.5 * M, released: 37.5 * M });
    expect(rowOf<BudgetContractRow>(rows, 'contract:C1')).toMatchObject({
      status: 'terminated',
      amount: 75 * M,
      paid: 37.5 * M,
      released: 37.5 * M,
    });
  });

  it('keeps a completed contract committed at its amount', () => {
    const rows = rowsOf(budgetsProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...COMPLETION_C2]);
    const row = rowOf<BudgetRow>(rows, KEY);
    expect(rowOf<BudgetContractRow>(rows, 'contract:C2')).toMatchObject({ status: 'completed', amount: 18 * M, paid: 5 * M, released: 0 });
    expect(row.byCategory['service.care']).toEqual({ reserved: 20 * M, committed: 18 * M, paid: 5 * M });
  });

  it('keeps each region × fiscal year apart, and a year with funds but no project (a previous-year base) has its own row', () => {
    const rows = rowsOf(budgetsProjection, [
      ...P1_HISTORY,
      ev('FundAllocated', { region: '150100', fiscalYear: 2023, source: 'central', amount: 900 * M, reference: '内财社〔2023〕1号' }),
    ]);
    expect(rowOf<BudgetRow>(rows, 'budget:150100:2023')).toMatchObject({ funds: { total: 900 * M }, reserved: 0, committed: 0, paid: 0 });
    expect(rowOf<BudgetRow>(rows, KEY).funds.total).toBe(6_000 * M);
    expect(rowOf(rows, 'contract:C1')).toMatchObject({ kind: 'contract', region: '220100', fiscalYear: 2024, projectId: 'P1' });
  });

  it('treats ids that are Object.prototype names as plain keys', () => {
    const rows = rowsOf(budgetsProjection, [
      ev('ProjectRegistered', {
        projectId: 'constructor',
        region: '220100',
        fiscalYear: 2024,
        purchaser: { code: 'toString', name: 'x' },
        title: 't',
        category: 'service.care',
        budget: 5 * M,
        registeredOn: '2024-03-01',
        policyId: 'p',
      }),
      ev('BudgetReserved', {
        region: '220100',
        fiscalYear: 2024,
        projectId: 'constructor',
        contractId: null,
        budgetSource: null,
        amount: 5 * M,
        reservedAt: '2024-03-01',
        baseYear: 2024,
        fundBase: 0,
        cap: 0,
        policyId: 'p',
      }),
    ]);
    expect(rowOf<BudgetRow>(rows, KEY).byPurchaser).toHaveProperty(['toString'], { name: 'x', reserved: 5 * M, committed: 0, paid: 0 });
    expect(rowOf<BudgetProjectRow>(rows, 'project:constructor')).toMatchObject({
      category: 'service.care',
      purchaserCode: 'toString',
      budget: 5 * M,
      reserved: 5 * M,
    });
  });

  it('keeps the region-year row the same size however many contracts it pays (no per-contract map inside it)', () => {
    const few = JSON.stringify(budget(P1_HISTORY));
    const more = JSON.stringify(budget([...P1_HISTORY, ...P2_UNANNOUNCED]));
    // Only the totals change: the purchaser and category lines of P2 are the one thing added.
    expect(more.length - few.length).toBeLessThan(200);
    expect(Object.keys(budget(P1_HISTORY)).sort()).toEqual([
      'byCategory',
      'byPurchaser',
      'committed',
      'fiscalYear',
      'funds',
      'kind',
      'lastPosition',
      'paid',
      'policyId',
      'region',
      'released',
      'reserved',
    ]);
  });

  it("records the pack of the latest reservation, by which views show the year's cap (never today's pack)", () => {
    expect(budget(P1_HISTORY).policyId).toBe('jilin-2020');
  });

  it('replays from 0 to identical rows, resumes from any checkpoint, and ignores a repeated entry', () => {
    expectReplayable(budgetsProjection, [...P1_HISTORY, ...P2_UNANNOUNCED, ...COMPLETION_C2]);
  });
});
