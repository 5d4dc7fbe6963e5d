import type { Fen, FundSource } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, keys, own, put, type Tracked } from '../common/fold';

/**
 * Budget consumption per region code × fiscal year (DOMAIN.md "Projections": fund base, reserved,
 * committed, paid; by category and purchaser; API.md `GET /v1/budgets/:region/:fiscalYear`).
 *
 * The cap is NOT here: it depends on the policy pack in force (Jilin the same year's funds, Inner
 * Mongolia the previous year's: 000 §五, 003 §一(三)), so the route computes it from `funds.total` of
 * the base year's row (`budget:<region>:<baseYear>`) and `reserved` of this one.
 *
 * - funds: FundAllocated of this region-year, by source, with each allocation's reference and position.
 * - reserved: Σ BudgetReserved (the reservation the cap judged); its category and purchaser come from the
 *   project's ProjectRegistered (appended just before it in the same commit), kept in `projects`.
 * - committed: Σ signed contract amounts, minus the unpaid remainder of a terminated contract
 *   (ContractTerminated.unpaid: that money is no longer owed). A completed contract stays committed at its
 *   amount: acceptance does not cancel what the contract still owes.
 * - paid: Σ PaymentMade, attributed through the contract to its category and purchaser (`contracts`).
 *
 * Rows: `budget:<region>:<fiscalYear>` (kind 'budget') and `contract:<contractId>` (kind 'contract_map':
 * the region-year of a contract, for payments and terminations, which carry only the contract id).
 */

export interface Consumption {
  readonly reserved: Fen;
  readonly committed: Fen;
  readonly paid: Fen;
}

export interface FundAllocation {
  readonly source: FundSource;
  readonly amount: Fen;
  readonly reference: string;
  readonly position: number;
}

export interface BudgetProject {
  readonly category: string;
  readonly purchaserCode: string;
  readonly budget: Fen;
  readonly reserved: Fen;
}

export interface BudgetContract {
  readonly projectId: string;
  readonly category: string;
  readonly purchaserCode: string;
  readonly amount: Fen;
  readonly paid: Fen;
  /** The unpaid remainder released by termination (0 otherwise). */
  readonly released: Fen;
  readonly status: 'active' | 'terminated' | 'completed';
}

export interface BudgetRow extends Tracked, Consumption {
  readonly kind: 'budget';
  readonly region: string;
  readonly fiscalYear: number;
  readonly funds: { readonly central: Fen; readonly provincial: Fen; readonly total: Fen; readonly allocations: readonly FundAllocation[] };
  /** Σ unpaid remainders of terminated contracts, already taken out of `committed`. */
  readonly released: Fen;
  readonly byCategory: { readonly [category: string]: Consumption };
  readonly byPurchaser: { readonly [purchaserCode: string]: Consumption & { readonly name: string } };
  readonly projects: { readonly [projectId: string]: BudgetProject };
  readonly contracts: { readonly [contractId: string]: BudgetContract };
}

export interface BudgetContractMapRow extends Tracked {
  readonly kind: 'contract_map';
  readonly contractId: string;
  readonly region: string;
  readonly fiscalYear: number;
}

export type BudgetsRow = BudgetRow | BudgetContractMapRow;

export const budgetKey = (region: string, fiscalYear: number): string => `budget:${region}:${fiscalYear}`;
const contractKey = (contractId: string): string => `contract:${contractId}`;

const ZERO: Consumption = { reserved: 0, committed: 0, paid: 0 };

function emptyBudget(region: string, fiscalYear: number): BudgetRow {
  return {
    kind: 'budget', region, fiscalYear, lastPosition: 0, funds: { central: 0, provincial: 0, total: 0, allocations: [] },
    reserved: 0, committed: 0, paid: 0, released: 0, byCategory: {}, byPurchaser: {}, projects: {}, contracts: {},
  };
}

const plus = (a: Consumption, d: Partial<Consumption>): Consumption => ({
  reserved: a.reserved + (d.reserved ?? 0), committed: a.committed + (d.committed ?? 0), paid: a.paid + (d.paid ?? 0),
});

/** Adds `delta` to the totals and to the category's and purchaser's lines. */
function consume(r: BudgetRow, category: string, purchaserCode: string, purchaserName: string | null, delta: Partial<Consumption>): BudgetRow {
  const totals = plus(r, delta);
  const line = own(r.byPurchaser, purchaserCode);
  const name = purchaserName ?? line?.name ?? '';
  return {
    ...r, reserved: totals.reserved, committed: totals.committed, paid: totals.paid,
    byCategory: put(r.byCategory, category, plus(own(r.byCategory, category) ?? ZERO, delta)),
    byPurchaser: put(r.byPurchaser, purchaserCode, { name, ...plus(line ?? ZERO, delta) }),
  };
}

const UNKNOWN = 'unknown';

function foldBudget(r: BudgetRow, entry: ProjectedEntry): BudgetRow {
  const e = entry.event;
  switch (e.type) {
    case 'FundAllocated': {
      const { source, amount, reference } = e.data;
      const f = r.funds;
      return {
        ...r,
        funds: {
          central: f.central + (source === 'central' ? amount : 0), provincial: f.provincial + (source === 'provincial' ? amount : 0),
          total: f.total + amount, allocations: [...f.allocations, { source, amount, reference, position: entry.position }],
        },
      };
    }
    case 'ProjectRegistered': {
      const { projectId, category, purchaser, budget } = e.data;
      if (own(r.projects, projectId)) return r;
      const withProject = { ...r, projects: put(r.projects, projectId, { category, purchaserCode: purchaser.code, budget, reserved: 0 }) };
      return consume(withProject, category, purchaser.code, purchaser.name, {}); // names the purchaser's line
    }
    case 'BudgetReserved': {
      const { projectId, amount } = e.data;
      const project = own(r.projects, projectId);
      const category = project?.category ?? UNKNOWN;
      const purchaserCode = project?.purchaserCode ?? UNKNOWN;
      const projects = project ? put(r.projects, projectId, { ...project, reserved: project.reserved + amount }) : r.projects;
      return consume({ ...r, projects }, category, purchaserCode, null, { reserved: amount });
    }
    case 'ContractSigned': {
      const { contractId, projectId, category, purchaser, amount } = e.data;
      if (own(r.contracts, contractId)) return r;
      const contract: BudgetContract = { projectId, category, purchaserCode: purchaser.code, amount, paid: 0, released: 0, status: 'active' };
      return consume({ ...r, contracts: put(r.contracts, contractId, contract) }, category, purchaser.code, purchaser.name, { committed: amount });
    }
    case 'PaymentMade': {
      const c = own(r.contracts, e.data.contractId);
      if (!c) return r;
      const contracts = put(r.contracts, e.data.contractId, { ...c, paid: c.paid + e.data.amount });
      return consume({ ...r, contracts }, c.category, c.purchaserCode, null, { paid: e.data.amount });
    }
    case 'ContractTerminated': {
      const c = own(r.contracts, e.data.contractId);
      if (!c || c.status !== 'active') return r;
      // The event states what was unpaid when the penalty ended the contract; that money is released.
      const unpaid = e.data.unpaid;
      const contracts = put<BudgetContract>(r.contracts, e.data.contractId, { ...c, status: 'terminated', released: unpaid });
      return consume({ ...r, contracts, released: r.released + unpaid }, c.category, c.purchaserCode, null, { committed: -unpaid });
    }
    case 'ContractCompleted': {
      const c = own(r.contracts, e.data.contractId);
      if (!c || c.status !== 'active') return r;
      return { ...r, contracts: put<BudgetContract>(r.contracts, e.data.contractId, { ...c, status: 'completed' }) };
    }
    default:
      return r;
  }
}

function fold(row: BudgetsRow | null, entry: ProjectedEntry, key: string): BudgetsRow | null {
  const e = entry.event;
  if (key.startsWith('contract:')) {
    if (e.type !== 'ContractSigned') return row;
    const { contractId, region, fiscalYear } = e.data;
    return { kind: 'contract_map', contractId, region, fiscalYear, lastPosition: entry.position };
  }
  if (row !== null && row.kind !== 'budget') return row;
  const [, region, year] = key.split(':');
  return foldBudget(row ?? emptyBudget(region, Number(year)), entry);
}

export const budgetsProjection: Projection<BudgetsRow> = {
  name: 'budgets',
  version: 1,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    region: { type: 'text', of: (r) => (r.kind === 'budget' ? r.region : null) },
    fiscal_year: { type: 'integer', of: (r) => (r.kind === 'budget' ? r.fiscalYear : null) },
  },
  keysOf(entry, get) {
    const e = entry.event;
    const viaContract = (contractId: string): string | null => {
      const m = get(contractKey(contractId));
      return m !== null && m.kind === 'contract_map' ? budgetKey(m.region, m.fiscalYear) : null;
    };
    switch (e.type) {
      case 'FundAllocated':
      case 'BudgetReserved':
      case 'ProjectRegistered':
        return [budgetKey(e.data.region, e.data.fiscalYear)];
      case 'ContractSigned':
        return keys(contractKey(e.data.contractId), budgetKey(e.data.region, e.data.fiscalYear));
      case 'PaymentMade':
      case 'ContractTerminated':
      case 'ContractCompleted':
        return keys(viaContract(e.data.contractId));
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
