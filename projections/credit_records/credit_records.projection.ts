import type { DebarmentGrounds, DishonestyRecordPublishedData, Grade, IsoDate, PenaltyImposedData } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { announce, creditSealedContract, hold, sealedAtSigning, type Sealed } from '../common/seal';
import type { DishonestyStatus } from '../common/credit-status';
import { penaltyDecisionItems, type PenaltyDecisionItems } from '../common/penalty-decision';
import { earliest } from '../common/fold';

/**
 * Contractor credit record (DOMAIN.md "Projections"; API.md GET /v1/credit/contractors/:uscc):
 * contracts won, evaluations, violations, penalties, debarments and dishonesty records of one
 * contractor, from public event data only. Rows: `contractor:<uscc>`, plus `contract:<id>` rows
 * that map a contract to its contractor for events that name only the contract.
 *
 * Sealed until announced (projections/common/seal.ts): the contract, its evaluations and its end
 * wait in the `contract:<id>` row and enter the contractor's record at ContractAnnounced; until then
 * the record is not touched by them at all (not even its `position`). Violations, penalties,
 * debarments and dishonesty records are the contractor's own conduct: shown at once.
 */
export interface CreditRecordRow {
  readonly kind: 'contractor';
  readonly uscc: string;
  readonly name: string | null;
  readonly contractorKind: string | null;
  readonly region: string | null;
  readonly contracts: readonly {
    contractId: string;
    projectId: string;
    amount: number;
    signedAt: IsoDate;
    status: 'active' | 'terminated' | 'completed';
    position: number;
  }[];
  readonly contractsValue: number;
  readonly evaluations: readonly {
    evaluationId: string;
    contractId: string;
    evaluator: string;
    score: number;
    /** null: recorded before grades were (PerformanceEvaluated v1). */
    grade: Grade | null;
    evaluatedAt: IsoDate;
    satisfactionRate?: number;
    position: number;
  }[];
  readonly averageScore: number | null;
  readonly violations: readonly {
    violationId: string;
    contractId: string;
    kind: string;
    severity: string;
    occurredAt: IsoDate;
    position: number;
  }[];
  /** Each penalty with its decision items (the 双公示 data; null where an entry from before issue 14 lacks them). */
  readonly penalties: readonly (PenaltyDecisionItems &
    Pick<
      PenaltyImposedData,
      | 'penaltyId'
      | 'contractId'
      | 'violationIds'
      | 'evaluationIds'
      | 'decidedAt'
      | 'rectificationDeadline'
      | 'fine'
      | 'terminateContract'
      | 'publishedFrom'
      | 'publishedUntil'
    > & {
      status: 'imposed' | 'revoked';
      revokedAt?: IsoDate;
      position: number;
    })[];
  readonly debarments: readonly {
    penaltyId: string;
    from: IsoDate;
    until: IsoDate;
    /** A serious violation or a failed evaluation (004 §三(五)). */
    grounds: DebarmentGrounds;
    lifted: boolean;
    liftedAt?: IsoDate;
    position: number;
  }[];
  readonly dishonestyRecords: readonly {
    penaltyId: string;
    contractId: string;
    decisionNumber: DishonestyRecordPublishedData['decisionNumber'];
    legalBasis: DishonestyRecordPublishedData['legalBasis'];
    authority: DishonestyRecordPublishedData['authority'];
    severity: DishonestyRecordPublishedData['severity'];
    publishedAt: IsoDate;
    publishedFrom: IsoDate;
    /** Inclusive last day of publication; null for records published before periods were recorded. */
    publishedUntil: IsoDate | null;
    /** The recorded status; a period that has elapsed without CreditPublicationEnded yet: common/credit-status.ts. */
    status: DishonestyStatus;
    /** First day no longer in force by a recorded end (withdrawal, repair, expiry), null while none is recorded. */
    endedOn: IsoDate | null;
    /** Every status change in ledger order (auditors read a repaired record's life from it). */
    history: readonly { status: DishonestyStatus; on: IsoDate; position: number }[];
    position: number;
  }[];
  /** Audited annual financial reports (000 §四(四)2, 002 §四(三)), one per year, in ledger order. */
  readonly financialReports: readonly {
    year: number;
    auditFirm: string;
    reportNumber: string;
    auditedOn: IsoDate;
    position: number;
  }[];
  /** Last ledger position that changed this record. */
  readonly position: number;
}

type ContractEntry = CreditRecordRow['contracts'][number];
type EvaluationEntry = CreditRecordRow['evaluations'][number];

/** What a contract adds to its contractor's record: public fields only, so what waits in a link row is already allow-listed. */
type ContractFact =
  | { readonly type: 'signed'; readonly contract: ContractEntry; readonly position: number }
  | { readonly type: 'evaluated'; readonly evaluation: EvaluationEntry; readonly position: number }
  | { readonly type: 'ended'; readonly contractId: string; readonly status: 'terminated' | 'completed'; readonly position: number };

interface ContractLink extends Sealed<ContractFact> {
  readonly kind: 'contract';
  readonly contractId: string;
  readonly uscc: string;
  /** Last ledger position that changed this row. */
  readonly position: number;
}

type Row = CreditRecordRow | ContractLink;

const contractorKey = (uscc: string): string => `contractor:${uscc}`;
const contractKey = (contractId: string): string => `contract:${contractId}`;

const empty = (uscc: string): CreditRecordRow => ({
  kind: 'contractor',
  uscc,
  name: null,
  contractorKind: null,
  region: null,
  contracts: [],
  contractsValue: 0,
  evaluations: [],
  averageScore: null,
  violations: [],
  penalties: [],
  debarments: [],
  dishonestyRecords: [],
  financialReports: [],
  position: 0,
});

/**
 * A lifted debarment was void from the start (compensates a revoked penalty): it never counts. Also
 * answers for the contractors list (projections/contractors), whose rows keep the same periods.
 */
export function debarredOn(
  row: { readonly debarments: readonly { readonly from: IsoDate; readonly until: IsoDate; readonly lifted: boolean }[] },
  date: IsoDate,
): boolean {
  return row.debarments.some((d) => !d.lifted && d.from <= date && date <= d.until);
}

/** The contract fact of an entry, or null if the entry adds none. */
function contractFact(e: ProjectedEntry): ContractFact | null {
  const ev = e.event;
  const at = { position: e.position };
  switch (ev.type) {
    case 'ContractSigned': {
      const d = ev.data;
      return {
        type: 'signed',
        contract: { contractId: d.contractId, projectId: d.projectId, amount: d.amount, signedAt: d.signedAt, status: 'active', ...at },
        ...at,
      };
    }
    case 'PerformanceEvaluated': {
      const d = ev.data;
      const evaluation = {
        evaluationId: d.evaluationId,
        contractId: d.contractId,
        evaluator: d.evaluator,
        score: d.score,
        grade: d.grade,
        evaluatedAt: d.evaluatedAt,
        ...(d.satisfactionRate !== undefined ? { satisfactionRate: d.satisfactionRate } : {}),
        ...at,
      };
      return { type: 'evaluated', evaluation, ...at };
    }
    case 'ContractTerminated':
    case 'ContractCompleted':
      return {
        type: 'ended',
        contractId: ev.data.contractId,
        status: ev.type === 'ContractTerminated' ? 'terminated' : 'completed',
        ...at,
      };
    default:
      return null;
  }
}

function applyFact(row: CreditRecordRow, fact: ContractFact): CreditRecordRow {
  switch (fact.type) {
    case 'signed':
      return { ...row, contracts: [...row.contracts, fact.contract], contractsValue: row.contractsValue + fact.contract.amount };
    case 'ended':
      return { ...row, contracts: row.contracts.map((c) => (c.contractId === fact.contractId ? { ...c, status: fact.status } : c)) };
    case 'evaluated': {
      const evaluations = [...row.evaluations, fact.evaluation];
      const average = evaluations.reduce((s, x) => s + x.score, 0) / evaluations.length;
      return { ...row, evaluations, averageScore: Math.round(average * 100) / 100 };
    }
  }
}

function fold(row: CreditRecordRow, e: ProjectedEntry, link: ContractLink | null): CreditRecordRow {
  const ev = e.event;
  const at = { position: e.position };
  const fact = contractFact(e);
  if (fact !== null) return applyFact(row, fact);
  switch (ev.type) {
    case 'ContractorRegistered':
      return { ...row, name: ev.data.name, contractorKind: ev.data.kind, region: ev.data.region ?? null };
    case 'ContractAnnounced': // releases what waited, in ledger order
      return link === null ? row : link.pending.reduce(applyFact, row);
    case 'ViolationRecorded': {
      // shown at once, sealed contract or not: misconduct is not sealed (common/seal.ts)
      const d = ev.data;
      return {
        ...row,
        violations: [
          ...row.violations,
          { violationId: d.violationId, contractId: d.contractId, kind: d.kind, severity: d.severity, occurredAt: d.occurredAt, ...at },
        ],
      };
    }
    case 'PenaltyImposed': {
      const d = ev.data;
      return {
        ...row,
        penalties: [
          ...row.penalties,
          {
            penaltyId: d.penaltyId,
            contractId: d.contractId,
            violationIds: [...d.violationIds],
            evaluationIds: [...d.evaluationIds],
            decidedAt: d.decidedAt,
            rectificationDeadline: d.rectificationDeadline,
            ...penaltyDecisionItems(d),
            ...(d.fine !== undefined ? { fine: d.fine } : {}),
            terminateContract: d.terminateContract,
            publishedFrom: d.publishedFrom,
            publishedUntil: d.publishedUntil,
            status: 'imposed',
            ...at,
          },
        ],
      };
    }
    case 'PenaltyRevoked':
      return {
        ...row,
        penalties: row.penalties.map((p) =>
          p.penaltyId === ev.data.penaltyId ? { ...p, status: 'revoked', revokedAt: ev.data.decidedAt } : p,
        ),
      };
    case 'ContractorDebarred':
      return {
        ...row,
        debarments: [
          ...row.debarments,
          { penaltyId: ev.data.penaltyId, from: ev.data.from, until: ev.data.until, grounds: ev.data.grounds, lifted: false, ...at },
        ],
      };
    case 'DebarmentLifted':
      return {
        ...row,
        debarments: row.debarments.map((d) => (d.penaltyId === ev.data.penaltyId ? { ...d, lifted: true, liftedAt: ev.data.liftedAt } : d)),
      };
    case 'DishonestyRecordPublished': {
      const d = ev.data;
      const record = {
        penaltyId: d.penaltyId,
        contractId: d.contractId,
        decisionNumber: d.decisionNumber,
        legalBasis: d.legalBasis,
        authority: d.authority,
        severity: d.severity,
        publishedAt: d.publishedAt,
        publishedFrom: d.publishedFrom,
        publishedUntil: d.publishedUntil,
        status: 'published',
        endedOn: null,
        history: [{ status: 'published', on: d.publishedFrom, ...at }],
        ...at,
      } as const;
      return { ...row, dishonestyRecords: [...row.dishonestyRecords, record] };
    }
    case 'DishonestyRecordWithdrawn':
      // The status follows the decider (the penalty is void); a record that ended earlier stayed out of force from then.
      return endRecords(row, [ev.data.penaltyId], 'withdrawn', ev.data.withdrawnAt, e.position);
    case 'CreditRepaired':
      return endRecords(row, ev.data.penaltyIds, 'repaired', ev.data.repairedAt, e.position);
    case 'CreditPublicationEnded':
      return endRecords(row, [ev.data.penaltyId], 'expired', ev.data.endedOn, e.position);
    case 'FinancialReportFiled': {
      const { year, auditFirm, reportNumber, auditedOn } = ev.data;
      return { ...row, financialReports: [...row.financialReports, { year, auditFirm, reportNumber, auditedOn, ...at }] };
    }
    default:
      return row;
  }
}

/** Records ending: a repair or an expiry ends only a record still published; a withdrawal (penalty revoked) any. */
function endRecords(
  row: CreditRecordRow,
  penaltyIds: readonly string[],
  status: Exclude<DishonestyStatus, 'published'>,
  on: IsoDate,
  position: number,
): CreditRecordRow {
  return {
    ...row,
    dishonestyRecords: row.dishonestyRecords.map((r) =>
      !penaltyIds.includes(r.penaltyId) || (status !== 'withdrawn' && r.status !== 'published')
        ? r
        : { ...r, status, endedOn: earliest(r.endedOn, on), history: [...r.history, { status, on, position }] },
    ),
  };
}

const asLink = (row: Row | null): ContractLink | null => (row?.kind === 'contract' ? row : null);

function foldLink(link: ContractLink | null, e: ProjectedEntry): ContractLink | null {
  const ev = e.event;
  if (ev.type === 'ContractSigned') {
    const signed = {
      kind: 'contract',
      contractId: ev.data.contractId,
      uscc: ev.data.contractorUscc,
      ...sealedAtSigning,
      position: e.position,
    } as const;
    return link ?? hold<ContractFact, ContractLink>(signed, contractFact(e)!);
  }
  if (link === null) return null;
  if (ev.type === 'ContractAnnounced') return { ...announce(link), position: e.position };
  const fact = contractFact(e);
  return fact === null || link.announced ? link : { ...hold(link, fact), position: e.position };
}

export const creditRecords: Projection<Row> = {
  name: 'credit_records',
  /**
   * 2: contracts sealed until announced (issue 11). 3: publication periods, expiry, record history (issue 14). 4: the decision
   * items on penalties and records. 5: financial reports (issue 15). 6: evaluations' grade; penalties' violationIds,
   * evaluationIds, rectificationDeadline; debarments' grounds (issue 15).
   */
  version: 6,
  columns: { kind: { type: 'text', of: (r) => r.kind } },
  keysOf(e, get) {
    const ev = e.event;
    switch (ev.type) {
      case 'ContractorRegistered':
      case 'ContractorDebarred':
      case 'DebarmentLifted':
      case 'DishonestyRecordPublished':
      case 'DishonestyRecordWithdrawn':
      case 'CreditRepaired':
      case 'CreditPublicationEnded':
      case 'FinancialReportFiled':
        return [contractorKey(ev.data.uscc)];
      case 'ViolationRecorded':
      case 'PenaltyImposed':
      case 'PenaltyRevoked':
        return [contractorKey(ev.data.contractorUscc)];
      case 'ContractAnnounced': {
        // The record first, reading what waited in the link; then the link, emptied.
        const link = asLink(get(contractKey(ev.data.contractId)));
        return link === null || link.announced ? [] : [contractorKey(link.uscc), contractKey(link.contractId)];
      }
      default: {
        const contractId = creditSealedContract(ev);
        if (contractId === null || contractFact(e) === null) return [];
        if (ev.type === 'ContractSigned') return [contractKey(contractId)];
        const link = asLink(get(contractKey(contractId)));
        if (link === null) return [];
        return link.announced ? [contractorKey(link.uscc)] : [contractKey(contractId)];
      }
    }
  },
  apply(row, e, key, get) {
    // An entry delivered twice changes nothing the second time.
    if (row !== null && row.position >= e.position) return row;
    if (key.startsWith('contract:')) return foldLink(asLink(row), e);
    const current = row?.kind === 'contractor' ? row : empty(key.slice('contractor:'.length));
    const link = e.event.type === 'ContractAnnounced' ? asLink(get(contractKey(e.event.data.contractId))) : null;
    return { ...fold(current, e, link), position: e.position };
  },
};
