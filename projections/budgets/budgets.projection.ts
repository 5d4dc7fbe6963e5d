import type { ContractSignedData, Fen, FundSource, ProjectRegisteredData } from '../../events';
import { paidByYear, type YearShare } from '../../events/budgets/budget-years';
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
 * - reserved: Σ BudgetReserved − Σ BudgetReleased (what counts against the cap); its category and purchaser
 *   come from the project's ProjectRegistered (appended just before it in the same commit), kept in the project's row.
 * - committed: per the year each instalment falls due (000 §四(三)3): a contract commits its amount in FY, and
 *   each later year it reserved (BudgetReserved with its contractId) takes the instalments due in it out of FY
 *   (BudgetReleased `moved_to_later_year`). A terminated contract's unpaid remainder leaves every year's
 *   committed (that money is no longer owed). A completed contract stays committed at its amount: acceptance
 *   does not cancel what the contract still owes.
 * - paid: Σ PaymentMade, attributed through the contract's row to its category and purchaser, and to the
 *   year of the instalments it settles, earliest first (paidByYear): a 2024 instalment paid in January 2025
 *   is 2024's money, so per year paid ≤ committed and reserved − released ≥ paid. The deciders release by the same rule.
 *
 * Rows: `budget:<region>:<fiscalYear>` (kind 'budget': the totals only, so its size does not grow with
 * the number of projects and contracts), `project:<projectId>` (kind 'project') and `contract:<contractId>`
 * (kind 'contract'): each with its region-year, category and purchaser, which payments and terminations
 * (carrying only the contract id) need.
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

/** The project as registered (ProjectRegistered), with what is reserved of its budget. */
export type BudgetProjectRow = Tracked &
  Pick<ProjectRegisteredData, 'projectId' | 'region' | 'fiscalYear' | 'category' | 'budget'> & {
    readonly kind: 'project';
    readonly purchaserCode: ProjectRegisteredData['purchaser']['code'];
    readonly reserved: Fen;
  };

/** The contract as signed (ContractSigned), with what was paid and how it ended. */
export type BudgetContractRow = Tracked &
  Pick<ContractSignedData, 'contractId' | 'projectId' | 'region' | 'fiscalYear' | 'category' | 'amount'> & {
    readonly kind: 'contract';
    readonly purchaserCode: ContractSignedData['purchaser']['code'];
    readonly paid: Fen;
    /** What it commits in each fiscal year, ascending: FY first, then each later year it reserved. */
    readonly shares: readonly YearShare[];
    /** The unpaid remainder released by termination (0 otherwise). */
    readonly released: Fen;
    readonly status: 'active' | 'terminated' | 'completed';
  };

export interface BudgetRow extends Tracked, Consumption {
  readonly kind: 'budget';
  readonly region: string;
  readonly fiscalYear: number;
  readonly funds: { readonly central: Fen; readonly provincial: Fen; readonly total: Fen; readonly allocations: readonly FundAllocation[] };
  /** Σ unpaid remainders of terminated contracts, already taken out of `committed`. */
  readonly released: Fen;
  readonly byCategory: { readonly [category: string]: Consumption };
  readonly byPurchaser: { readonly [purchaserCode: string]: Consumption & { readonly name: string } };
  /**
   * The pack the latest reservation was judged by (BudgetReserved.policyId): views of this region-year
   * show the cap under it, not under whatever pack is in force when they are read. null: no reservation.
   */
  readonly policyId: string | null;
}

export type BudgetsRow = BudgetRow | BudgetProjectRow | BudgetContractRow;

export const budgetKey = (region: string, fiscalYear: number): string => `budget:${region}:${fiscalYear}`;
const projectKey = (projectId: string): string => `project:${projectId}`;
const contractKey = (contractId: string): string => `contract:${contractId}`;

const ZERO: Consumption = { reserved: 0, committed: 0, paid: 0 };

function emptyBudget(region: string, fiscalYear: number): BudgetRow {
  return {
    kind: 'budget',
    region,
    fiscalYear,
    lastPosition: 0,
    funds: { central: 0, provincial: 0, total: 0, allocations: [] },
    reserved: 0,
    committed: 0,
    paid: 0,
    released: 0,
    byCategory: {},
    byPurchaser: {},
    policyId: null,
  };
}

const plus = (a: Consumption, d: Partial<Consumption>): Consumption => ({
  reserved: a.reserved + (d.reserved ?? 0),
  committed: a.committed + (d.committed ?? 0),
  paid: a.paid + (d.paid ?? 0),
});

/** Adds `delta` to the totals and to the category's and purchaser's lines. */
function consume(
  r: BudgetRow,
  category: string,
  purchaserCode: string,
  purchaserName: string | null,
  delta: Partial<Consumption>,
): BudgetRow {
  const totals = plus(r, delta);
  const line = own(r.byPurchaser, purchaserCode);
  const name = purchaserName ?? line?.name ?? '';
  return {
    ...r,
    reserved: totals.reserved,
    committed: totals.committed,
    paid: totals.paid,
    byCategory: put(r.byCategory, category, plus(own(r.byCategory, category) ?? ZERO, delta)),
    byPurchaser: put(r.byPurchaser, purchaserCode, { name, ...plus(line ?? ZERO, delta) }),
  };
}

const UNKNOWN = 'unknown';

type Get = (key: string) => BudgetsRow | null;

/** The project's or contract's row if this very entry changed it (a repeated or ignored event leaves the totals alone). */
function changedBy<K extends BudgetsRow['kind']>(
  get: Get,
  key: string,
  kind: K,
  entry: ProjectedEntry,
): Extract<BudgetsRow, { kind: K }> | null {
  const row = get(key);
  return row !== null && row.kind === kind && row.lastPosition === entry.position ? (row as Extract<BudgetsRow, { kind: K }>) : null;
}

function foldBudget(r: BudgetRow, entry: ProjectedEntry, get: Get): BudgetRow {
  const e = entry.event;
  switch (e.type) {
    case 'FundAllocated': {
      const { source, amount, reference } = e.data;
      const f = r.funds;
      return {
        ...r,
        funds: {
          central: f.central + (source === 'central' ? amount : 0),
          provincial: f.provincial + (source === 'provincial' ? amount : 0),
          total: f.total + amount,
          allocations: [...f.allocations, { source, amount, reference, position: entry.position }],
        },
      };
    }
    case 'ProjectRegistered': {
      if (!changedBy(get, projectKey(e.data.projectId), 'project', entry)) return r;
      return consume(r, e.data.category, e.data.purchaser.code, e.data.purchaser.name, {}); // names the purchaser's line
    }
    case 'BudgetReserved':
    case 'BudgetReleased': {
      const project = get(projectKey(e.data.projectId));
      const known = project !== null && project.kind === 'project';
      const { amount, contractId } = e.data;
      // A contract's later year commits what it reserves; a move to a later year uncommits it from FY.
      const delta =
        e.type === 'BudgetReserved'
          ? { reserved: amount, committed: contractId === null ? 0 : amount }
          : { reserved: -amount, committed: e.data.reason === 'moved_to_later_year' ? -amount : 0 };
      const next = consume(r, known ? project.category : UNKNOWN, known ? project.purchaserCode : UNKNOWN, null, delta);
      return e.type === 'BudgetReserved' ? { ...next, policyId: e.data.policyId } : next;
    }
    case 'ContractSigned': {
      if (!changedBy(get, contractKey(e.data.contractId), 'contract', entry)) return r;
      const { category, purchaser, amount } = e.data;
      return consume(r, category, purchaser.code, purchaser.name, { committed: amount });
    }
    case 'PaymentMade': {
      const c = changedBy(get, contractKey(e.data.contractId), 'contract', entry);
      const part = c ? (paidByYear(c.shares, c.paid - e.data.amount, c.paid).get(r.fiscalYear) ?? 0) : 0;
      return c && part > 0 ? consume(r, c.category, c.purchaserCode, null, { paid: part }) : r;
    }
    case 'ContractTerminated': {
      // What was unpaid when the penalty ended the contract is no longer owed: in each year, its share less what was paid against it.
      const c = changedBy(get, contractKey(e.data.contractId), 'contract', entry);
      const share = c?.shares.find((s) => s.fiscalYear === r.fiscalYear);
      if (!c || share === undefined) return r;
      const unpaid = Math.max(0, share.amount - (paidByYear(c.shares, 0, c.paid).get(r.fiscalYear) ?? 0));
      return consume({ ...r, released: r.released + unpaid }, c.category, c.purchaserCode, null, { committed: -unpaid });
    }
    default:
      return r;
  }
}

function foldProject(row: BudgetProjectRow | null, entry: ProjectedEntry): BudgetProjectRow | null {
  const e = entry.event;
  if (e.type === 'ProjectRegistered') {
    if (row !== null) return row;
    const { projectId, region, fiscalYear, category, purchaser, budget } = e.data;
    return {
      kind: 'project',
      projectId,
      region,
      fiscalYear,
      category,
      purchaserCode: purchaser.code,
      budget,
      reserved: 0,
      lastPosition: entry.position,
    };
  }
  if (e.type === 'BudgetReserved' && row !== null) return { ...row, reserved: row.reserved + e.data.amount };
  if (e.type === 'BudgetReleased' && row !== null) return { ...row, reserved: row.reserved - e.data.amount };
  return row;
}

function foldContract(row: BudgetContractRow | null, entry: ProjectedEntry): BudgetContractRow | null {
  const e = entry.event;
  switch (e.type) {
    case 'ContractSigned': {
      if (row !== null) return row;
      const { contractId, projectId, region, fiscalYear, category, purchaser, amount } = e.data;
      return {
        kind: 'contract',
        contractId,
        projectId,
        region,
        fiscalYear,
        category,
        purchaserCode: purchaser.code,
        amount,
        paid: 0,
        shares: [{ fiscalYear, amount }],
        released: 0,
        status: 'active',
        lastPosition: entry.position,
      };
    }
    case 'BudgetReserved':
      if (row === null || e.data.contractId !== row.contractId) return row;
      return {
        ...row,
        shares: [...row.shares, { fiscalYear: e.data.fiscalYear, amount: e.data.amount }].sort((a, b) => a.fiscalYear - b.fiscalYear),
      };
    case 'BudgetReleased': {
      if (row === null || e.data.contractId !== row.contractId || e.data.reason !== 'moved_to_later_year') return row;
      const { fiscalYear, amount } = e.data;
      return { ...row, shares: row.shares.map((s) => (s.fiscalYear === fiscalYear ? { fiscalYear, amount: s.amount - amount } : s)) };
    }
    case 'PaymentMade':
      return row === null ? row : { ...row, paid: row.paid + e.data.amount };
    case 'ContractTerminated':
      return row === null || row.status !== 'active' ? row : { ...row, status: 'terminated', released: e.data.unpaid };
    case 'ContractCompleted':
      return row === null || row.status !== 'active' ? row : { ...row, status: 'completed' };
    default:
      return row;
  }
}

function fold(row: BudgetsRow | null, entry: ProjectedEntry, key: string, get: Get): BudgetsRow | null {
  // A key's prefix names its kind of row (projectKey, contractKey, budgetKey).
  if (key.startsWith('project:')) return foldProject(row?.kind === 'project' ? row : null, entry);
  if (key.startsWith('contract:')) return foldContract(row?.kind === 'contract' ? row : null, entry);
  if (row !== null && row.kind !== 'budget') return row;
  const [, region, year] = key.split(':');
  return foldBudget(row ?? emptyBudget(region, Number(year)), entry, get);
}

export const budgetsProjection: Projection<BudgetsRow> = {
  name: 'budgets',
  /** 3: the pack of the latest reservation (policyId), by which views show the cap. 4: multi-year contracts (per-year shares, releases). */
  version: 4,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    region: { type: 'text', of: (r) => (r.kind === 'budget' ? r.region : null) },
    fiscal_year: { type: 'integer', of: (r) => (r.kind === 'budget' ? r.fiscalYear : null) },
  },
  keysOf(entry, get) {
    const e = entry.event;
    // The project's or contract's own row first: the region-year total reads it as this entry left it.
    // A payment touches the years of the instalments it settles; a termination every year the contract commits in.
    const viaContract = (contractId: string, years: (c: BudgetContractRow) => number[]): string[] => {
      const c = get(contractKey(contractId));
      return c !== null && c.kind === 'contract' ? [contractKey(contractId), ...years(c).map((y) => budgetKey(c.region, y))] : [];
    };
    switch (e.type) {
      case 'FundAllocated':
        return [budgetKey(e.data.region, e.data.fiscalYear)];
      case 'ProjectRegistered':
        return keys(projectKey(e.data.projectId), budgetKey(e.data.region, e.data.fiscalYear));
      case 'BudgetReserved':
      case 'BudgetReleased':
        return keys(
          e.data.contractId === null ? null : contractKey(e.data.contractId),
          projectKey(e.data.projectId),
          budgetKey(e.data.region, e.data.fiscalYear),
        );
      case 'ContractSigned':
        return keys(contractKey(e.data.contractId), budgetKey(e.data.region, e.data.fiscalYear));
      case 'PaymentMade': {
        const { amount } = e.data;
        return viaContract(e.data.contractId, (c) => [...paidByYear(c.shares, c.paid, c.paid + amount).keys()]);
      }
      case 'ContractTerminated':
        return viaContract(e.data.contractId, (c) => c.shares.map((s) => s.fiscalYear));
      case 'ContractCompleted':
        return keys(get(contractKey(e.data.contractId)) !== null ? contractKey(e.data.contractId) : null);
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
