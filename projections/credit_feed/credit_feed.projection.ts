import type { LedgerEvent, PenaltyImposedData } from '../../events';
import type { ProjectedEntry, Projection } from '../projection';
import { pad12 } from '../common/fold';
import { penaltyDecisionItems } from '../common/penalty-decision';
import { announce, creditSealedContract, heldItem, hold, releasedKeys, sealedAtSigning, type Sealed } from '../common/seal';

/**
 * The credit change feed (API.md GET /v1/credit/feed): one row per credit-relevant entry, in the
 * order entries became public, with an allow-listed public view of the event. Rows
 * `feed:<publishedBy>:<position>` (zero padded); `contract:<id>` rows map a contract to its
 * contractor for evaluations, which name only the contract.
 *
 * Sealed until announced (projections/common/seal.ts): a contract's signing and its evaluations wait
 * in its `contract:<id>` row and are published by its ContractAnnounced entry, each as its own item
 * with its own position, keyed after everything published before the announcement, and so are its
 * termination and completion. Violations (with their description, which the issue makes public) and
 * penalties (with their decision items and publication period) are published at once.
 */
export interface CreditFeedRow {
  readonly kind: 'feed';
  /** The entry this item reports (proofs by position). */
  readonly position: number;
  /** The entry that made it public: `position`, or the announcement of a contract it waited for. */
  readonly publishedBy: number;
  readonly recordedAt: string;
  readonly type: string;
  readonly uscc: string;
  readonly leafHash: string;
  readonly data: Record<string, unknown>;
}

type HeldItem = Omit<CreditFeedRow, 'kind' | 'publishedBy'>;

interface ContractLink extends Sealed<HeldItem> {
  readonly kind: 'contract';
  readonly contractId: string;
  readonly uscc: string;
  /** Last ledger position that changed this row. */
  readonly position: number;
}

type Row = CreditFeedRow | ContractLink;

/** Rows sort by key in the order they became public: the feed's cursor is (publishedBy, position). */
export const feedKey = (publishedBy: number, position: number): string => `feed:${pad12(publishedBy)}:${pad12(position)}`;
const contractKey = (contractId: string): string => `contract:${contractId}`;

/**
 * The public decision of a penalty: the 双公示 items (文号, 依据, 违法行为类型, 事实, 类别, 内容, 机关,
 * 数据来源), severity and publication period. `null` is a gap of an entry written before the ledger
 * recorded the item (PenaltyImposed v1), shown as missing.
 */
function penaltyView(d: PenaltyImposedData): Record<string, unknown> {
  return {
    penaltyId: d.penaltyId,
    contractId: d.contractId,
    violationIds: [...d.violationIds],
    evaluationIds: [...d.evaluationIds],
    decidedAt: d.decidedAt,
    rectificationDeadline: d.rectificationDeadline,
    ...penaltyDecisionItems(d),
    ...(d.fine !== undefined ? { fine: d.fine } : {}),
    terminateContract: d.terminateContract,
    ...(d.debarment ? { debarment: { from: d.debarment.from, until: d.debarment.until } } : {}),
    publishDishonestyRecord: d.publishDishonestyRecord,
    publicationMonths: d.publicationMonths,
    publishedFrom: d.publishedFrom,
    publishedUntil: d.publishedUntil,
  };
}

/** The contractor and the public view of a credit-relevant event; null for any other event. */
function creditView(
  ev: LedgerEvent,
  contractUscc: (contractId: string) => string | null,
): { uscc: string; data: Record<string, unknown> } | null {
  switch (ev.type) {
    case 'ContractorRegistered':
      return { uscc: ev.data.uscc, data: { name: ev.data.name, kind: ev.data.kind } };
    case 'ContractSigned':
      return {
        uscc: ev.data.contractorUscc,
        data: { contractId: ev.data.contractId, projectId: ev.data.projectId, amount: ev.data.amount, signedAt: ev.data.signedAt },
      };
    case 'PerformanceEvaluated': {
      const uscc = contractUscc(ev.data.contractId);
      return uscc
        ? {
            uscc,
            data: {
              contractId: ev.data.contractId,
              evaluationId: ev.data.evaluationId,
              evaluator: ev.data.evaluator,
              score: ev.data.score,
              grade: ev.data.grade,
              evaluatedAt: ev.data.evaluatedAt,
            },
          }
        : null;
    }
    case 'ViolationRecorded':
      return {
        uscc: ev.data.contractorUscc,
        data: {
          contractId: ev.data.contractId,
          violationId: ev.data.violationId,
          kind: ev.data.kind,
          severity: ev.data.severity,
          occurredAt: ev.data.occurredAt,
          description: ev.data.description,
        },
      };
    case 'ContractTerminated': {
      const uscc = contractUscc(ev.data.contractId);
      const { contractId, penaltyId, terminatedAt, paid, unpaid } = ev.data;
      return uscc ? { uscc, data: { contractId, penaltyId, terminatedAt, paid, unpaid } } : null;
    }
    case 'ContractCompleted': {
      // Not the acceptance report: free text of the purchaser's, not a credit fact.
      const uscc = contractUscc(ev.data.contractId);
      const { contractId, acceptedAt, paid } = ev.data;
      return uscc ? { uscc, data: { contractId, acceptedAt, paid } } : null;
    }
    case 'PenaltyImposed':
      return { uscc: ev.data.contractorUscc, data: penaltyView(ev.data) };
    case 'PenaltyRevoked':
      return { uscc: ev.data.contractorUscc, data: { penaltyId: ev.data.penaltyId, decidedAt: ev.data.decidedAt } };
    case 'ContractorDebarred':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, from: ev.data.from, until: ev.data.until } };
    case 'DebarmentLifted':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, liftedAt: ev.data.liftedAt } };
    case 'DishonestyRecordPublished': {
      const d = ev.data;
      return {
        uscc: d.uscc,
        data: {
          penaltyId: d.penaltyId,
          contractId: d.contractId,
          publishedAt: d.publishedAt,
          decisionNumber: d.decisionNumber,
          legalBasis: d.legalBasis,
          authority: d.authority,
          severity: d.severity,
          publishedFrom: d.publishedFrom,
          publishedUntil: d.publishedUntil,
        },
      };
    }
    case 'DishonestyRecordWithdrawn':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, withdrawnAt: ev.data.withdrawnAt } };
    case 'CreditRepaired':
      return {
        uscc: ev.data.uscc,
        data: { penaltyId: ev.data.penaltyId, penaltyIds: [...ev.data.penaltyIds], repairedAt: ev.data.repairedAt, basis: ev.data.basis },
      };
    case 'CreditPublicationEnded':
      return { uscc: ev.data.uscc, data: { penaltyId: ev.data.penaltyId, endedOn: ev.data.endedOn, reason: ev.data.reason } };
    default:
      return null;
  }
}

const asLink = (row: Row | null): ContractLink | null => (row?.kind === 'contract' ? row : null);

/** The feed item of an entry, or null if the entry is not credit-relevant. */
function itemOf(e: ProjectedEntry, get: (key: string) => Row | null): HeldItem | null {
  const view = creditView(e.event, (id) => asLink(get(contractKey(id)))?.uscc ?? null);
  return view === null
    ? null
    : { position: e.position, recordedAt: e.recordedAt, type: e.event.type, uscc: view.uscc, leafHash: e.leafHash, data: view.data };
}

function foldLink(link: ContractLink | null, e: ProjectedEntry, get: (key: string) => Row | null): ContractLink | null {
  const ev = e.event;
  if (ev.type === 'ContractSigned') {
    if (link !== null) return link;
    const signed: ContractLink = {
      kind: 'contract',
      contractId: ev.data.contractId,
      uscc: ev.data.contractorUscc,
      ...sealedAtSigning,
      position: e.position,
    };
    const item = itemOf(e, () => signed);
    return item === null ? signed : hold(signed, item);
  }
  if (link === null || link.position >= e.position) return link;
  if (ev.type === 'ContractAnnounced') return { ...announce(link), position: e.position };
  const item = itemOf(e, get);
  return item === null || link.announced ? link : { ...hold(link, item), position: e.position };
}

export const creditFeed: Projection<Row> = {
  name: 'credit_feed',
  /**
   * 2: keys by (publishedBy, position); contracts sealed until announced (issue 11). 3: the penalty's
   * decision and publication period, violations' descriptions, terminations, completions, publication ends (issue 14).
   * 4: evaluations' grade; penalties' evaluationIds and rectificationDeadline (issue 15).
   */
  version: 4,
  columns: { kind: { type: 'text', of: (r) => r.kind } },
  keysOf(e, get) {
    const ev = e.event;
    const here = feedKey(e.position, e.position);
    if (ev.type === 'ContractAnnounced') {
      // The items that waited, published by this entry; the link last, so they read it as it was.
      const link = asLink(get(contractKey(ev.data.contractId)));
      return link === null ? [] : [...releasedKeys(link, e.position, feedKey), ...(link.announced ? [] : [contractKey(link.contractId)])];
    }
    const contractId = creditSealedContract(ev);
    if (contractId === null) return itemOf(e, get) === null ? [] : [here];
    if (ev.type === 'ContractSigned') return [contractKey(contractId)];
    const link = asLink(get(contractKey(contractId)));
    if (link === null || itemOf(e, get) === null) return [];
    // The link is named too: `apply` reads the contractor from it.
    return link.announced ? [here, contractKey(contractId)] : [contractKey(contractId)];
  },
  apply(row, e, key, get) {
    if (key.startsWith('contract:')) return foldLink(asLink(row), e, get);
    if (row !== null) return row; // an entry delivered twice
    const [, publishedBy, position] = key.split(':').map(Number);
    const ev = e.event;
    const item =
      position === e.position
        ? itemOf(e, get)
        : ev.type === 'ContractAnnounced'
          ? heldItem(asLink(get(contractKey(ev.data.contractId))) ?? sealedAtSigning, position)
          : undefined;
    return item == null ? null : { kind: 'feed', ...item, publishedBy };
  },
};
