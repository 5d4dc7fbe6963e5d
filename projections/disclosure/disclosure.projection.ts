import type { Evaluator, Fen, Grade, IsoDate, PaymentInstalment, ProcurementMethod } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { applyOnce, earliest, keys, type Tracked } from '../common/fold';
import { foldName } from '../contractors/contractors.projection';

/**
 * The PUBLIC view (DOMAIN.md "Disclosure": project information, tender notice, award, announced
 * contracts, evaluation results, penalties and dishonesty records — 000 §四(二)(三)4(四)1(五)1; API.md
 * `GET /v1/disclosure/projects…`). Never: recipients' personal data, private notes (a projection never
 * receives an event's private part), contracts not yet announced.
 *
 * Redaction by construction: every field below is copied by name from event data (see `allow-list`
 * comments); event data is never spread, so a field added to an event later stays out until listed
 * here. Free text other than the tender notice is left out (payment purposes, evaluation summaries,
 * violation descriptions, revocation reasons, acceptance reports, contract deliverables/liabilities).
 * Every disclosed fact carries the `position` of the entry it comes from (API.md: proofs by position).
 *
 * Rows:
 * - `project:<projectId>` kind 'project' — project, tender notice, award, `contractIds` of ANNOUNCED
 *   contracts only (ProjectContracted is not disclosed: it would reveal an unannounced contract).
 * - `contract:<contractId>` kind 'sealed_contract' from signing until ContractAnnounced, then kind
 *   'contract'. `apply` cannot read another row, so the facts to be shown at announcement have to wait in
 *   this row; they are already the allow-listed public subset. The routes serve `kind = 'contract'` rows
 *   only (use `disclosedContract`); a sealed row is never listed by a project row.
 * - `penalty:<penaltyId>` kind 'penalty_map' — the contract of a penalty, for the dishonesty-record
 *   events that name only the penalty (DishonestyRecordWithdrawn, CreditRepaired, CreditPublicationEnded).
 */

export interface ProjectInfo {
  readonly projectId: string;
  readonly region: string;
  readonly fiscalYear: number;
  readonly purchaser: { readonly code: string; readonly name: string };
  readonly title: string;
  readonly category: string;
  readonly budget: Fen;
  readonly registeredOn: IsoDate;
  readonly position: number;
}
export interface TenderNotice {
  readonly method: ProcurementMethod;
  readonly publishedAt: IsoDate;
  readonly content: string;
  readonly term: string;
  readonly quantity: string;
  readonly quality: string;
  readonly priceCeiling: Fen;
  readonly qualifications: string;
  /** 绩效评价标准 (002 §三(四)); null for tenders recorded before TenderPublished v2. */
  readonly evaluationStandards: string | null;
  readonly singleSourceJustification?: string;
  readonly position: number;
}
export interface AwardNotice {
  readonly contractorUscc: string;
  readonly contractorName: string;
  readonly amount: Fen;
  readonly awardedAt: IsoDate;
  readonly position: number;
}

export interface DisclosureProjectRow extends Tracked {
  readonly kind: 'project';
  readonly projectId: string;
  readonly region: string;
  readonly fiscalYear: number;
  readonly registeredOn: IsoDate;
  readonly project: ProjectInfo;
  readonly tender: TenderNotice | null;
  readonly award: AwardNotice | null;
  /** Announced contracts only, in order of announcement. */
  readonly contractIds: readonly string[];
}

export interface ContractTerms {
  readonly purchaser: { readonly code: string; readonly name: string };
  readonly category: string;
  readonly contractorUscc: string;
  readonly amount: Fen;
  readonly signedAt: IsoDate;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  /** When and how much the contract says is to be paid (ContractSigned), each instalment's due date and amount. */
  readonly paymentSchedule: readonly PaymentInstalment[];
  readonly position: number;
}
export interface ContractAnnouncement {
  readonly announcedAt: IsoDate;
  readonly url: string;
  readonly position: number;
}
export interface PaymentsTotal {
  readonly total: Fen;
  readonly count: number;
  readonly positions: readonly number[];
}
export interface EvaluationResult {
  readonly evaluationId: string;
  readonly evaluator: Evaluator;
  readonly score: number;
  /** 优秀 / 良好 / 合格 / 不合格 (004 §三(五)); null: recorded before grades were (PerformanceEvaluated v1). */
  readonly grade: Grade | null;
  readonly evaluatedAt: IsoDate;
  readonly satisfactionRate?: number;
  readonly position: number;
}
export interface PenaltyNotice {
  readonly penaltyId: string;
  readonly violationIds: readonly string[];
  /** Failed evaluations cited (004 §三(五)). */
  readonly evaluationIds: readonly string[];
  readonly decidedAt: IsoDate;
  /** 整改期限, or null when none was ordered. */
  readonly rectificationDeadline: IsoDate | null;
  readonly authority: string;
  readonly fine?: Fen;
  readonly terminateContract: boolean;
  readonly debarment?: { readonly from: IsoDate; readonly until: IsoDate };
  readonly publishDishonestyRecord: boolean;
  readonly status: 'imposed' | 'revoked';
  readonly revokedAt?: IsoDate;
  readonly revokedPosition?: number;
  readonly position: number;
}
/**
 * A dishonesty record as the public sees it. A record whose publication has ended by repair (信用修复:
 * publication and sharing end, NDRC Order 36 of 2025) or by its period elapsing (CreditPublicationEnded)
 * leaves this view; the routes also leave out one whose publishedUntil has passed before that entry exists.
 * A withdrawn record stays, marked withdrawn: the correction of a published fact is itself public.
 */
export interface DishonestyNotice {
  readonly penaltyId: string;
  readonly uscc: string;
  readonly publishedAt: IsoDate;
  readonly publishedFrom: IsoDate;
  /** Inclusive last day of publication; null for records published before periods were recorded. */
  readonly publishedUntil: IsoDate | null;
  readonly status: 'published' | 'withdrawn';
  /** The first day it was no longer in force (withdrawal), null while published. */
  readonly endedAt: IsoDate | null;
  readonly position: number;
  /** Position of the entry that last changed `status`. */
  readonly statusPosition?: number;
}
export interface ContractOutcome {
  readonly status: 'active' | 'terminated' | 'completed';
  readonly at: IsoDate | null;
  readonly position: number | null;
}

interface ContractFacts extends Tracked {
  readonly contractId: string;
  readonly projectId: string;
  readonly region: string;
  readonly fiscalYear: number;
  readonly terms: ContractTerms;
  readonly payments: PaymentsTotal;
  readonly evaluations: readonly EvaluationResult[];
  readonly penalties: readonly PenaltyNotice[];
  readonly dishonestyRecords: readonly DishonestyNotice[];
  readonly outcome: ContractOutcome;
}
/** An announced contract: what the public may see. */
export interface DisclosedContractRow extends ContractFacts {
  readonly kind: 'contract';
  readonly announcement: ContractAnnouncement;
}
/** A signed contract not yet announced: never served. */
export interface SealedContractRow extends ContractFacts {
  readonly kind: 'sealed_contract';
  readonly announcement: null;
}
export interface PenaltyMapRow extends Tracked {
  readonly kind: 'penalty_map';
  readonly penaltyId: string;
  readonly contractId: string;
}

export type DisclosureRow = DisclosureProjectRow | DisclosedContractRow | SealedContractRow | PenaltyMapRow;
type ContractRow = DisclosedContractRow | SealedContractRow;

/** The public contract, or null for anything else (a sealed contract, a project, a map row, nothing). */
export const disclosedContract = (row: DisclosureRow | null): DisclosedContractRow | null =>
  row !== null && row.kind === 'contract' ? row : null;

/**
 * The contract as shown on `today`: without the dishonesty records whose period ended before it (publishedUntil
 * < today), whether or not CreditPublicationEnded has been appended yet (the view never waits for the service's run at midnight).
 */
export function shownOn(contract: DisclosedContractRow, today: IsoDate): DisclosedContractRow {
  const shown = contract.dishonestyRecords.filter((d) => {
    // `?? null`: rows of the previous definition (served while this one is built) have no period.
    const until = d.publishedUntil ?? null;
    return until === null || until >= today;
  });
  return shown.length === contract.dishonestyRecords.length ? contract : { ...contract, dishonestyRecords: shown };
}

/**
 * Where a project stands as the public sees it: registered, its tender notice published, its contractor awarded,
 * or at least one of its contracts announced (a signed, unannounced contract is not disclosed, so it does not count).
 */
export const DISCLOSURE_STATUSES = ['registered', 'tendered', 'awarded', 'contracted'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

export function disclosureStatus(row: DisclosureProjectRow): DisclosureStatus {
  if (row.contractIds.length > 0) return 'contracted';
  if (row.award !== null) return 'awarded';
  return row.tender !== null ? 'tendered' : 'registered';
}

/** What the list's `q` searches: title, purchaser and contractor names, folded as foldName folds the needle; one per line, so a needle never spans two. */
const searchText = (row: DisclosureProjectRow): string =>
  foldName([row.project.title, row.project.purchaser.name, row.award?.contractorName ?? ''].join('\n'));

const projectKey = (id: string): string => `project:${id}`;
const contractKey = (id: string): string => `contract:${id}`;
const penaltyKey = (id: string): string => `penalty:${id}`;

function foldProject(row: DisclosureProjectRow | null, entry: ProjectedEntry): DisclosureProjectRow | null {
  const e = entry.event;
  const position = entry.position;
  if (e.type === 'ProjectRegistered') {
    if (row !== null) return row;
    // allow-list: projectId, region, fiscalYear, purchaser {code, name}, title, category, budget, registeredOn
    const { projectId, region, fiscalYear, purchaser, title, category, budget, registeredOn } = e.data;
    const project: ProjectInfo = {
      projectId,
      region,
      fiscalYear,
      purchaser: { code: purchaser.code, name: purchaser.name },
      title,
      category,
      budget,
      registeredOn,
      position,
    };
    return {
      kind: 'project',
      projectId,
      region,
      fiscalYear,
      registeredOn,
      project,
      tender: null,
      award: null,
      contractIds: [],
      lastPosition: position,
    };
  }
  if (row === null) return null;
  switch (e.type) {
    case 'TenderPublished': {
      // allow-list: the tender notice of 000 §四(二) — content, term, quantity, quality, price, qualifications —
      // and its 绩效评价标准 (002 §三(四))
      const {
        method,
        publishedAt,
        content,
        term,
        quantity,
        quality,
        priceCeiling,
        qualifications,
        evaluationStandards,
        singleSourceJustification,
      } = e.data;
      const tender: TenderNotice = {
        method,
        publishedAt,
        content,
        term,
        quantity,
        quality,
        priceCeiling,
        qualifications,
        evaluationStandards,
        ...(singleSourceJustification !== undefined ? { singleSourceJustification } : {}),
        position,
      };
      return { ...row, tender };
    }
    case 'ContractorAwarded': {
      const { contractorUscc, contractorName, amount, awardedAt } = e.data;
      return { ...row, award: { contractorUscc, contractorName, amount, awardedAt, position } };
    }
    case 'ContractAnnounced':
      return row.contractIds.includes(e.data.contractId) ? row : { ...row, contractIds: [...row.contractIds, e.data.contractId] };
    default:
      return row;
  }
}

function foldContract(row: ContractRow | null, entry: ProjectedEntry): ContractRow | null {
  const e = entry.event;
  const position = entry.position;
  if (e.type === 'ContractSigned') {
    if (row !== null) return row;
    // allow-list: parties, category, amount, dates, the payment schedule (issue 16: "payments total and schedule").
    // Not: deliverables, liabilities, the takeover plan, justification.
    const { contractId, projectId, region, fiscalYear, purchaser, category, contractorUscc, amount, signedAt, startDate, endDate } = e.data;
    const paymentSchedule = e.data.paymentSchedule.map((i) => ({ dueDate: i.dueDate, amount: i.amount }));
    return {
      kind: 'sealed_contract',
      announcement: null,
      contractId,
      projectId,
      region,
      fiscalYear,
      lastPosition: position,
      terms: {
        purchaser: { code: purchaser.code, name: purchaser.name },
        category,
        contractorUscc,
        amount,
        signedAt,
        startDate,
        endDate,
        paymentSchedule,
        position,
      },
      payments: { total: 0, count: 0, positions: [] },
      evaluations: [],
      penalties: [],
      dishonestyRecords: [],
      outcome: { status: 'active', at: null, position: null },
    };
  }
  if (row === null) return null;
  switch (e.type) {
    case 'ContractAnnounced':
      if (row.kind === 'contract') return row;
      return { ...row, kind: 'contract', announcement: { announcedAt: e.data.announcedAt, url: e.data.url, position } };
    case 'PaymentMade': // the total only: not the purpose, not each payment's amount
      return {
        ...row,
        payments: {
          total: row.payments.total + e.data.amount,
          count: row.payments.count + 1,
          positions: [...row.payments.positions, position],
        },
      };
    case 'PerformanceEvaluated': {
      const { evaluationId, evaluator, score, grade, evaluatedAt, satisfactionRate } = e.data; // not: summary
      const result: EvaluationResult = {
        evaluationId,
        evaluator,
        score,
        grade,
        evaluatedAt,
        ...(satisfactionRate !== undefined ? { satisfactionRate } : {}),
        position,
      };
      return { ...row, evaluations: [...row.evaluations, result] };
    }
    case 'PenaltyImposed': {
      const { penaltyId, violationIds, evaluationIds, decidedAt, rectificationDeadline, authority, fine, terminateContract, debarment } =
        e.data;
      const notice: PenaltyNotice = {
        penaltyId,
        violationIds: [...violationIds],
        evaluationIds: [...evaluationIds],
        decidedAt,
        rectificationDeadline,
        authority: authority.name,
        ...(fine !== undefined ? { fine } : {}),
        terminateContract,
        ...(debarment !== undefined ? { debarment: { from: debarment.from, until: debarment.until } } : {}),
        publishDishonestyRecord: e.data.publishDishonestyRecord,
        status: 'imposed',
        position,
      };
      return { ...row, penalties: [...row.penalties, notice] };
    }
    case 'PenaltyRevoked': // not: reason
      return {
        ...row,
        penalties: row.penalties.map((p) =>
          p.penaltyId === e.data.penaltyId ? { ...p, status: 'revoked', revokedAt: e.data.decidedAt, revokedPosition: position } : p,
        ),
      };
    case 'DishonestyRecordPublished': {
      const { penaltyId, uscc, publishedAt, publishedFrom, publishedUntil } = e.data;
      const notice: DishonestyNotice = {
        penaltyId,
        uscc,
        publishedAt,
        publishedFrom,
        publishedUntil,
        status: 'published',
        endedAt: null,
        position,
      };
      return { ...row, dishonestyRecords: [...row.dishonestyRecords, notice] };
    }
    case 'DishonestyRecordWithdrawn':
      return {
        ...row,
        dishonestyRecords: row.dishonestyRecords.map((d) =>
          d.penaltyId === e.data.penaltyId
            ? { ...d, status: 'withdrawn', endedAt: earliest(d.endedAt, e.data.withdrawnAt), statusPosition: position }
            : d,
        ),
      };
    case 'CreditRepaired':
      return unpublish(row, e.data.penaltyIds);
    case 'CreditPublicationEnded':
      return unpublish(row, [e.data.penaltyId]);
    case 'ContractTerminated':
      return { ...row, outcome: { status: 'terminated', at: e.data.terminatedAt, position } };
    case 'ContractCompleted': // not: report
      return { ...row, outcome: { status: 'completed', at: e.data.acceptedAt, position } };
    default:
      return row;
  }
}

/** Records whose publication ended (repair, elapsed period) leave the public view; a withdrawn one stays, marked so. */
function unpublish(row: ContractRow, penaltyIds: readonly string[]): ContractRow {
  const kept = row.dishonestyRecords.filter((d) => !penaltyIds.includes(d.penaltyId) || d.status !== 'published');
  return kept.length === row.dishonestyRecords.length ? row : { ...row, dishonestyRecords: kept };
}

function fold(row: DisclosureRow | null, entry: ProjectedEntry, key: string): DisclosureRow | null {
  const e = entry.event;
  if (key.startsWith('penalty:')) {
    return e.type === 'PenaltyImposed' && row === null
      ? { kind: 'penalty_map', penaltyId: e.data.penaltyId, contractId: e.data.contractId, lastPosition: entry.position }
      : row;
  }
  if (key.startsWith('project:')) return row === null || row.kind === 'project' ? foldProject(row, entry) : row;
  return row === null || row.kind === 'contract' || row.kind === 'sealed_contract' ? foldContract(row, entry) : row;
}

export const disclosureProjection: Projection<DisclosureRow> = {
  name: 'disclosure',
  /**
   * 2: dishonesty records with their period; repaired and expired ones leave the view (issue 14). 3: the tender's
   * evaluationStandards (issue 15). 4: registeredOn. 5: evaluations' grade; penalties' evaluationIds and rectificationDeadline (issue 15).
   * 6: the project list's search, filter and sort columns, from search to amount (issue 16). 7: contracts' paymentSchedule (issue 16).
   */
  version: 7,
  columns: {
    kind: { type: 'text', of: (r) => r.kind },
    project_id: { type: 'text', of: (r) => (r.kind === 'penalty_map' ? null : r.projectId) },
    region: { type: 'text', of: (r) => (r.kind === 'penalty_map' ? null : r.region) },
    fiscal_year: { type: 'integer', of: (r) => (r.kind === 'penalty_map' ? null : r.fiscalYear) },
    registered_on: { type: 'text', of: (r) => (r.kind === 'project' ? r.registeredOn : null) },
    announced_at: { type: 'text', of: (r) => (r.kind === 'contract' ? r.announcement.announcedAt : null) },
    search: { type: 'text', of: (r) => (r.kind === 'project' ? searchText(r) : null) },
    category: { type: 'text', of: (r) => (r.kind === 'project' ? r.project.category : null) },
    contractor_uscc: { type: 'text', of: (r) => (r.kind === 'project' ? (r.award?.contractorUscc ?? null) : null) },
    method: { type: 'text', of: (r) => (r.kind === 'project' ? (r.tender?.method ?? null) : null) },
    status: { type: 'text', of: (r) => (r.kind === 'project' ? disclosureStatus(r) : null) },
    /** The list's `amount`: the budget, which every project has from registration (an award amount may never come). */
    amount: { type: 'integer', of: (r) => (r.kind === 'project' ? r.project.budget : null) },
  },
  keysOf(entry, get) {
    const e = entry.event;
    const contractOfPenalty = (penaltyId: string): string | null => {
      const m = get(penaltyKey(penaltyId));
      return m !== null && m.kind === 'penalty_map' ? contractKey(m.contractId) : null;
    };
    switch (e.type) {
      case 'ProjectRegistered':
      case 'TenderPublished':
      case 'ContractorAwarded':
        return [projectKey(e.data.projectId)];
      case 'ContractAnnounced': {
        const c = get(contractKey(e.data.contractId));
        const projectId = c !== null && (c.kind === 'sealed_contract' || c.kind === 'contract') ? c.projectId : null;
        return keys(contractKey(e.data.contractId), projectId === null ? null : projectKey(projectId));
      }
      case 'ContractSigned':
      case 'PaymentMade':
      case 'PerformanceEvaluated':
      case 'PenaltyRevoked':
      case 'DishonestyRecordPublished':
      case 'ContractTerminated':
      case 'ContractCompleted':
        return [contractKey(e.data.contractId)];
      case 'PenaltyImposed':
        return [contractKey(e.data.contractId), penaltyKey(e.data.penaltyId)];
      case 'DishonestyRecordWithdrawn':
      case 'CreditPublicationEnded':
        return keys(contractOfPenalty(e.data.penaltyId));
      case 'CreditRepaired':
        return keys(...e.data.penaltyIds.map(contractOfPenalty));
      default:
        return [];
    }
  },
  apply: applyOnce(fold),
};
