import type { IsoDate } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';

/**
 * Contractor credit record (DOMAIN.md "Projections"; API.md GET /v1/credit/contractors/:uscc):
 * contracts won, evaluations, violations, penalties, debarments and dishonesty records of one
 * contractor, from public event data only. Rows: `contractor:<uscc>`, plus `contract:<id>` rows
 * that map a contract to its contractor for events that name only the contract.
 */
export interface CreditRecordRow {
  readonly kind: 'contractor';
  readonly uscc: string;
  readonly name: string | null;
  readonly contractorKind: string | null;
  readonly region: string | null;
  readonly contracts: readonly { contractId: string; projectId: string; amount: number; signedAt: IsoDate; status: 'active' | 'terminated' | 'completed'; position: number }[];
  readonly contractsValue: number;
  readonly evaluations: readonly { evaluationId: string; contractId: string; evaluator: string; score: number; evaluatedAt: IsoDate; satisfactionRate?: number; position: number }[];
  readonly averageScore: number | null;
  readonly violations: readonly { violationId: string; contractId: string; kind: string; severity: string; occurredAt: IsoDate; position: number }[];
  readonly penalties: readonly { penaltyId: string; contractId: string; decidedAt: IsoDate; authority: string; fine?: number; terminateContract: boolean; status: 'imposed' | 'revoked'; revokedAt?: IsoDate; position: number }[];
  readonly debarments: readonly { penaltyId: string; from: IsoDate; until: IsoDate; lifted: boolean; liftedAt?: IsoDate; position: number }[];
  readonly dishonestyRecords: readonly { penaltyId: string; contractId: string; publishedAt: IsoDate; status: 'published' | 'withdrawn' | 'repaired'; statusAt?: IsoDate; position: number }[];
  /** Last ledger position that changed this record. */
  readonly position: number;
}

interface ContractLink {
  readonly kind: 'contract';
  readonly contractId: string;
  readonly uscc: string;
}

type Row = CreditRecordRow | ContractLink;

const contractorKey = (uscc: string): string => `contractor:${uscc}`;
const contractKey = (contractId: string): string => `contract:${contractId}`;

const empty = (uscc: string): CreditRecordRow => ({
  kind: 'contractor', uscc, name: null, contractorKind: null, region: null, contracts: [], contractsValue: 0, evaluations: [],
  averageScore: null, violations: [], penalties: [], debarments: [], dishonestyRecords: [], position: 0,
});

/** A lifted debarment was void from the start (compensates a revoked penalty): it never counts. */
export function debarredOn(row: CreditRecordRow, date: IsoDate): boolean {
  return row.debarments.some((d) => !d.lifted && d.from <= date && date <= d.until);
}

function fold(row: CreditRecordRow, e: ProjectedEntry): CreditRecordRow {
  const ev = e.event;
  const at = { position: e.position };
  switch (ev.type) {
    case 'ContractorRegistered':
      return { ...row, name: ev.data.name, contractorKind: ev.data.kind, region: ev.data.region ?? null };
    case 'ContractSigned': {
      const d = ev.data;
      return {
        ...row,
        contracts: [...row.contracts, { contractId: d.contractId, projectId: d.projectId, amount: d.amount, signedAt: d.signedAt, status: 'active', ...at }],
        contractsValue: row.contractsValue + d.amount,
      };
    }
    case 'ContractTerminated':
    case 'ContractCompleted': {
      const status = ev.type === 'ContractTerminated' ? 'terminated' : 'completed';
      return { ...row, contracts: row.contracts.map((c) => (c.contractId === ev.data.contractId ? { ...c, status } : c)) };
    }
    case 'PerformanceEvaluated': {
      const d = ev.data;
      const evaluations = [...row.evaluations, {
        evaluationId: d.evaluationId, contractId: d.contractId, evaluator: d.evaluator, score: d.score, evaluatedAt: d.evaluatedAt,
        ...(d.satisfactionRate !== undefined ? { satisfactionRate: d.satisfactionRate } : {}), ...at,
      }];
      const average = evaluations.reduce((s, x) => s + x.score, 0) / evaluations.length;
      return { ...row, evaluations, averageScore: Math.round(average * 100) / 100 };
    }
    case 'ViolationRecorded': {
      const d = ev.data;
      return { ...row, violations: [...row.violations, { violationId: d.violationId, contractId: d.contractId, kind: d.kind, severity: d.severity, occurredAt: d.occurredAt, ...at }] };
    }
    case 'PenaltyImposed': {
      const d = ev.data;
      return {
        ...row,
        penalties: [...row.penalties, {
          penaltyId: d.penaltyId, contractId: d.contractId, decidedAt: d.decidedAt, authority: d.authority,
          ...(d.fine !== undefined ? { fine: d.fine } : {}), terminateContract: d.terminateContract, status: 'imposed', ...at,
        }],
      };
    }
    case 'PenaltyRevoked':
      return { ...row, penalties: row.penalties.map((p) => (p.penaltyId === ev.data.penaltyId ? { ...p, status: 'revoked', revokedAt: ev.data.decidedAt } : p)) };
    case 'ContractorDebarred':
      return { ...row, debarments: [...row.debarments, { penaltyId: ev.data.penaltyId, from: ev.data.from, until: ev.data.until, lifted: false, ...at }] };
    case 'DebarmentLifted':
      return { ...row, debarments: row.debarments.map((d) => (d.penaltyId === ev.data.penaltyId ? { ...d, lifted: true, liftedAt: ev.data.liftedAt } : d)) };
    case 'DishonestyRecordPublished':
      return { ...row, dishonestyRecords: [...row.dishonestyRecords, { penaltyId: ev.data.penaltyId, contractId: ev.data.contractId, publishedAt: ev.data.publishedAt, status: 'published', ...at }] };
    case 'DishonestyRecordWithdrawn':
      return { ...row, dishonestyRecords: row.dishonestyRecords.map((r) => (r.penaltyId === ev.data.penaltyId ? { ...r, status: 'withdrawn', statusAt: ev.data.withdrawnAt } : r)) };
    case 'CreditRepaired': {
      const repaired = new Set(ev.data.penaltyIds);
      return { ...row, dishonestyRecords: row.dishonestyRecords.map((r) => (repaired.has(r.penaltyId) && r.status === 'published' ? { ...r, status: 'repaired', statusAt: ev.data.repairedAt } : r)) };
    }
    default:
      return row;
  }
}

export const creditRecords: Projection<Row> = {
  name: 'credit_records',
  version: 1,
  columns: { kind: { type: 'text', of: (r) => r.kind } },
  keysOf(e, get) {
    const ev = e.event;
    switch (ev.type) {
      case 'ContractorRegistered': case 'ContractorDebarred': case 'DebarmentLifted':
      case 'DishonestyRecordPublished': case 'DishonestyRecordWithdrawn': case 'CreditRepaired':
        return [contractorKey(ev.data.uscc)];
      case 'ContractSigned':
        return [contractKey(ev.data.contractId), contractorKey(ev.data.contractorUscc)];
      case 'ViolationRecorded': case 'PenaltyImposed': case 'PenaltyRevoked':
        return [contractorKey(ev.data.contractorUscc)];
      case 'PerformanceEvaluated': case 'ContractTerminated': case 'ContractCompleted': {
        const link = get(contractKey(ev.data.contractId));
        return link?.kind === 'contract' ? [contractorKey(link.uscc)] : [];
      }
      default:
        return [];
    }
  },
  apply(row, e, key) {
    if (key.startsWith('contract:')) {
      const ev = e.event;
      return ev.type === 'ContractSigned' ? { kind: 'contract', contractId: ev.data.contractId, uscc: ev.data.contractorUscc } : row;
    }
    const current = row?.kind === 'contractor' ? row : empty(key.slice('contractor:'.length));
    return { ...fold(current, e), position: e.position };
  },
};
