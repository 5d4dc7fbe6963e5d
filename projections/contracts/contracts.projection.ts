import type {
  ContractAnnouncedData,
  ContractCompletedData,
  ContractSignedData,
  ContractTerminatedData,
  Fen,
  IsoDate,
  PaymentInstalment,
  PaymentMadeData,
  PenaltyImposedData,
  PerformanceEvaluatedData,
  TakeoverActivatedData,
  ViolationRecordedData,
} from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, type Tracked } from '../common/fold';

/**
 * Contract state per contract (API.md `GET /v1/contracts/:contractId`: paid, remaining, evaluations,
 * violations, status) for purchasers and auditors, and the facts compliance checks read (DOMAIN.md
 * "Compliance findings": announcement delay, the three evaluations, payments against the schedule).
 * Semantics follow src/contracts/domain/contracts.decider.ts. Not a public view: it keeps everything
 * in event data (deliverables, payment purposes, evaluation summaries, violation descriptions), never
 * a private part (a projection never receives one). Every fact names the `position` of its entry.
 *
 * One row per contract: `contract:<contractId>` (kind 'contract'); every contract event carries the id.
 */

/** Where a fact entered the ledger: the position of its entry. */
interface Positioned {
  readonly position: number;
}
export type ContractPayment = Omit<PaymentMadeData, 'contractId'> & Positioned;
export type ContractEvaluation = Omit<PerformanceEvaluatedData, 'contractId'> & Positioned;
export type ContractViolation = Omit<ViolationRecordedData, 'contractId' | 'contractorUscc'> & Positioned;
export type ContractPenalty = Pick<PenaltyImposedData, 'penaltyId' | 'decidedAt' | 'terminateContract' | 'fine' | 'rectificationDeadline'> &
  Positioned & {
    readonly violationIds: readonly string[];
    /** The failed evaluations it cites (004 §三(五)); compliance findings read them. */
    readonly evaluationIds: readonly string[];
    readonly status: 'imposed' | 'revoked';
    readonly revokedAt?: IsoDate;
    readonly revokedPosition?: number;
  };

/** ContractSigned, field by field, and what happened to the contract since. */
export type ContractRow = Tracked &
  Omit<ContractSignedData, 'paymentSchedule'> & {
    readonly kind: 'contract';
    readonly paymentSchedule: readonly PaymentInstalment[];
    readonly signedPosition: number;
    // announcement (000 §四(三)4)
    readonly announcedAt: ContractAnnouncedData['announcedAt'] | null;
    readonly announcementUrl: ContractAnnouncedData['url'] | null;
    readonly announcedPosition: number | null;
    // money
    readonly payments: readonly ContractPayment[];
    readonly paid: Fen;
    /** amount − paid. For a terminated contract that remainder is no longer owed (see `released`). */
    readonly remaining: Fen;
    readonly evaluations: readonly ContractEvaluation[];
    readonly violations: readonly ContractViolation[];
    readonly penalties: readonly ContractPenalty[];
    // how it ended
    readonly status: 'active' | 'terminated' | 'completed';
    readonly terminatedAt: ContractTerminatedData['terminatedAt'] | null;
    readonly penaltyId: string | null;
    /** ContractTerminated.unpaid: the remainder released from the budget by termination. */
    readonly released: ContractTerminatedData['unpaid'];
    readonly terminatedPosition: number | null;
    /** The takeover plan started (000 §四(四)3): by a penalty (takeoverPenaltyId) or by the purchaser (takeoverReason). */
    readonly takeoverActivatedAt: TakeoverActivatedData['activatedAt'] | null;
    readonly takeoverPenaltyId: TakeoverActivatedData['penaltyId'];
    readonly takeoverReason: TakeoverActivatedData['reason'];
    readonly takeoverPosition: number | null;
    readonly acceptedAt: ContractCompletedData['acceptedAt'] | null;
    readonly acceptanceReport: ContractCompletedData['report'] | null;
    /** What remained payable after acceptance while instalments were unpaid, and why; null when none was stated. */
    readonly finalSettlement: ContractCompletedData['finalSettlement'];
    readonly completedPosition: number | null;
    /**
     * Each later fiscal year the contract's instalments fall due in, with the budget source it states and what it
     * reserved there (BudgetReserved with the contract's id; 000 §四(三)3: 在预算保障的前提下). Empty for one year.
     */
    readonly budgetSources: readonly {
      readonly fiscalYear: number;
      readonly reference: string;
      readonly amount: Fen;
      readonly position: number;
    }[];
  };

export const contractKey = (contractId: string): string => `contract:${contractId}`;

function signed(d: ContractSignedData, position: number): ContractRow {
  return {
    kind: 'contract',
    lastPosition: position,
    contractId: d.contractId,
    projectId: d.projectId,
    region: d.region,
    fiscalYear: d.fiscalYear,
    purchaser: { code: d.purchaser.code, name: d.purchaser.name },
    category: d.category,
    contractorUscc: d.contractorUscc,
    amount: d.amount,
    signedAt: d.signedAt,
    startDate: d.startDate,
    endDate: d.endDate,
    paymentSchedule: d.paymentSchedule.map(({ dueDate, amount }) => ({ dueDate, amount })),
    deliverables: d.deliverables,
    liabilities: d.liabilities,
    takeoverPlan: d.takeoverPlan,
    ...(d.extendedTermJustification !== undefined ? { extendedTermJustification: d.extendedTermJustification } : {}),
    signedPosition: position,
    announcedAt: null,
    announcementUrl: null,
    announcedPosition: null,
    payments: [],
    paid: 0,
    remaining: d.amount,
    evaluations: [],
    violations: [],
    penalties: [],
    status: 'active',
    terminatedAt: null,
    penaltyId: null,
    released: 0,
    terminatedPosition: null,
    takeoverActivatedAt: null,
    takeoverPenaltyId: null,
    takeoverReason: null,
    takeoverPosition: null,
    acceptedAt: null,
    acceptanceReport: null,
    finalSettlement: null,
    completedPosition: null,
    budgetSources: [],
  };
}

function fold(row: ContractRow | null, entry: ProjectedEntry): ContractRow | null {
  const e = entry.event;
  const position = entry.position;
  if (e.type === 'ContractSigned') return row ?? signed(e.data, position);
  if (row === null) return null; // nothing happens to a contract before it is signed (contracts decider)
  switch (e.type) {
    case 'BudgetReserved': {
      const { fiscalYear, budgetSource, amount } = e.data;
      if (budgetSource === null) return row;
      return { ...row, budgetSources: [...row.budgetSources, { fiscalYear, reference: budgetSource, amount, position }] };
    }
    case 'ContractAnnounced':
      return { ...row, announcedAt: e.data.announcedAt, announcementUrl: e.data.url, announcedPosition: position };
    case 'PaymentMade': {
      const { paymentId, amount, paidAt, purpose } = e.data;
      const paid = row.paid + amount;
      return { ...row, payments: [...row.payments, { paymentId, amount, paidAt, purpose, position }], paid, remaining: row.amount - paid };
    }
    case 'PerformanceEvaluated': {
      const { evaluationId, evaluator, score, evaluatedAt, summary, satisfactionRate, grade } = e.data;
      const evaluation: ContractEvaluation = {
        evaluationId,
        evaluator,
        score,
        // null: written before grades were recorded (PerformanceEvaluated v1); shown as not recorded.
        grade,
        evaluatedAt,
        ...(summary !== undefined ? { summary } : {}),
        ...(satisfactionRate !== undefined ? { satisfactionRate } : {}),
        position,
      };
      return { ...row, evaluations: [...row.evaluations, evaluation] };
    }
    case 'ViolationRecorded': {
      const { violationId, kind, severity, occurredAt, description } = e.data;
      return { ...row, violations: [...row.violations, { violationId, kind, severity, occurredAt, description, position }] };
    }
    case 'PenaltyImposed': {
      const { penaltyId, violationIds, evaluationIds, decidedAt, rectificationDeadline, terminateContract, fine } = e.data;
      const penalty: ContractPenalty = {
        penaltyId,
        violationIds: [...violationIds],
        evaluationIds: [...evaluationIds],
        decidedAt,
        rectificationDeadline,
        terminateContract,
        ...(fine !== undefined ? { fine } : {}),
        status: 'imposed',
        position,
      };
      return { ...row, penalties: [...row.penalties, penalty] };
    }
    case 'PenaltyRevoked':
      return {
        ...row,
        penalties: row.penalties.map((p) =>
          p.penaltyId === e.data.penaltyId ? { ...p, status: 'revoked', revokedAt: e.data.decidedAt, revokedPosition: position } : p,
        ),
      };
    case 'ContractTerminated':
      return {
        ...row,
        status: 'terminated',
        terminatedAt: e.data.terminatedAt,
        penaltyId: e.data.penaltyId,
        released: e.data.unpaid,
        terminatedPosition: position,
      };
    case 'TakeoverActivated':
      return {
        ...row,
        takeoverActivatedAt: e.data.activatedAt,
        takeoverPenaltyId: e.data.penaltyId,
        takeoverReason: e.data.reason,
        takeoverPosition: position,
      };
    case 'ContractCompleted': {
      const { acceptedAt, report, finalSettlement } = e.data;
      const settlement = finalSettlement === null ? null : { amount: finalSettlement.amount, reason: finalSettlement.reason };
      return {
        ...row,
        status: 'completed',
        acceptedAt,
        acceptanceReport: report,
        finalSettlement: settlement,
        completedPosition: position,
      };
    }
    default:
      return row;
  }
}

export const contractsProjection: Projection<ContractRow> = {
  name: 'contracts',
  /**
   * 2: takeoverPlan, the takeover's penalty or reason, finalSettlement. 3: evaluations' grade; penalties' evaluationIds and
   * rectificationDeadline. 4: budgetSources (issue 15).
   */
  version: 4,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    project_id: { type: 'text', of: (r) => r.projectId },
    region: { type: 'text', of: (r) => r.region },
    fiscal_year: { type: 'integer', of: (r) => r.fiscalYear },
    contractor_uscc: { type: 'text', of: (r) => r.contractorUscc },
    status: { type: 'text', of: (r) => r.status },
    signed_at: { type: 'text', of: (r) => r.signedAt },
    announced_at: { type: 'text', of: (r) => r.announcedAt },
  },
  keysOf(entry) {
    const e = entry.event;
    switch (e.type) {
      case 'ContractSigned':
      case 'ContractAnnounced':
      case 'PaymentMade':
      case 'PerformanceEvaluated':
      case 'ViolationRecorded':
      case 'ContractTerminated':
      case 'TakeoverActivated':
      case 'ContractCompleted':
      case 'PenaltyImposed':
      case 'PenaltyRevoked':
        return [contractKey(e.data.contractId)];
      case 'BudgetReserved': // a later year's share of a contract (a registration's has no contract)
        return e.data.contractId === null ? [] : [contractKey(e.data.contractId)];
      default:
        return [];
    }
  },
  apply: applyOnce((row, entry) => fold(row, entry)),
};
