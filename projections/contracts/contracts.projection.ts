import type { ContractSignedData, Evaluator, Fen, IsoDate, PaymentInstalment, Purchaser, Severity, ViolationKind } from '../../events';
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

export interface ContractPayment {
  readonly paymentId: string;
  readonly amount: Fen;
  readonly paidAt: IsoDate;
  readonly purpose: string;
  readonly position: number;
}
export interface ContractEvaluation {
  readonly evaluationId: string;
  readonly evaluator: Evaluator;
  readonly score: number;
  readonly evaluatedAt: IsoDate;
  readonly summary?: string;
  readonly satisfactionRate?: number;
  readonly position: number;
}
export interface ContractViolation {
  readonly violationId: string;
  readonly kind: ViolationKind;
  readonly severity: Severity;
  readonly occurredAt: IsoDate;
  readonly description: string;
  readonly position: number;
}
export interface ContractPenalty {
  readonly penaltyId: string;
  readonly violationIds: readonly string[];
  readonly decidedAt: IsoDate;
  readonly terminateContract: boolean;
  readonly fine?: Fen;
  readonly status: 'imposed' | 'revoked';
  readonly revokedAt?: IsoDate;
  readonly position: number;
  readonly revokedPosition?: number;
}

export interface ContractRow extends Tracked {
  readonly kind: 'contract';
  // ContractSigned, field by field
  readonly contractId: string;
  readonly projectId: string;
  readonly region: string;
  readonly fiscalYear: number;
  readonly purchaser: Purchaser;
  readonly category: string;
  readonly contractorUscc: string;
  readonly amount: Fen;
  readonly signedAt: IsoDate;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  readonly paymentSchedule: readonly PaymentInstalment[];
  readonly deliverables: string;
  readonly liabilities: string;
  readonly extendedTermJustification?: string;
  readonly signedPosition: number;
  // announcement (000 §四(三)4)
  readonly announcedAt: IsoDate | null;
  readonly announcementUrl: string | null;
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
  readonly terminatedAt: IsoDate | null;
  readonly penaltyId: string | null;
  /** ContractTerminated.unpaid: the remainder released from the budget by termination. */
  readonly released: Fen;
  readonly terminatedPosition: number | null;
  readonly takeoverActivatedAt: IsoDate | null;
  readonly takeoverPosition: number | null;
  readonly acceptedAt: IsoDate | null;
  readonly acceptanceReport: string | null;
  readonly completedPosition: number | null;
}

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
    takeoverPosition: null,
    acceptedAt: null,
    acceptanceReport: null,
    completedPosition: null,
  };
}

function fold(row: ContractRow | null, entry: ProjectedEntry): ContractRow | null {
  const e = entry.event;
  const position = entry.position;
  if (e.type === 'ContractSigned') return row ?? signed(e.data, position);
  if (row === null) return null; // nothing happens to a contract before it is signed (contracts decider)
  switch (e.type) {
    case 'ContractAnnounced':
      return { ...row, announcedAt: e.data.announcedAt, announcementUrl: e.data.url, announcedPosition: position };
    case 'PaymentMade': {
      const { paymentId, amount, paidAt, purpose } = e.data;
      const paid = row.paid + amount;
      return { ...row, payments: [...row.payments, { paymentId, amount, paidAt, purpose, position }], paid, remaining: row.amount - paid };
    }
    case 'PerformanceEvaluated': {
      const { evaluationId, evaluator, score, evaluatedAt, summary, satisfactionRate } = e.data;
      const evaluation: ContractEvaluation = {
        evaluationId,
        evaluator,
        score,
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
      const { penaltyId, violationIds, decidedAt, terminateContract, fine } = e.data;
      const penalty: ContractPenalty = {
        penaltyId,
        violationIds: [...violationIds],
        decidedAt,
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
      return { ...row, takeoverActivatedAt: e.data.activatedAt, takeoverPosition: position };
    case 'ContractCompleted':
      return { ...row, status: 'completed', acceptedAt: e.data.acceptedAt, acceptanceReport: e.data.report, completedPosition: position };
    default:
      return row;
  }
}

export const contractsProjection: Projection<ContractRow> = {
  name: 'contracts',
  version: 1,
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
      default:
        return [];
    }
  },
  apply: applyOnce((row, entry) => fold(row, entry)),
};
